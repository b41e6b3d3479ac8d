// Severity mapping: defaults, user overrides, `off`, and rules the table does not know.
import * as assert from 'node:assert/strict';
import { EditorSeverity, ruleSeverity, toEditorSeverity } from '../../../src/diagnostics/severity';
import { readLintSettings } from '../../../src/diagnostics/settings';

describe('severity mapping', () => {
  it('defaults: TL003 is an error, the others warnings', () => {
    assert.equal(ruleSeverity('TL001', {}, 'error'), 'warning');
    assert.equal(ruleSeverity('TL002', {}, 'error'), 'warning');
    assert.equal(ruleSeverity('TL003', {}, 'warning'), 'error');
    assert.equal(ruleSeverity('TL004', {}, 'error'), 'warning');
  });

  it('user overrides win, including off', () => {
    assert.equal(ruleSeverity('TL001', { TL001: 'error' }, 'warning'), 'error');
    assert.equal(ruleSeverity('TL003', { TL003: 'off' }, 'error'), 'off');
  });

  it('falls back to the analyzer severity for unknown codes', () => {
    assert.equal(ruleSeverity('TL099', {}, 'info'), 'information');
    assert.equal(ruleSeverity('TL099', {}, 'error'), 'error');
  });

  it('maps to the editor enum values, off to nothing', () => {
    assert.equal(toEditorSeverity('error'), EditorSeverity.Error);
    assert.equal(toEditorSeverity('warning'), 1);
    assert.equal(toEditorSeverity('information'), 2);
    assert.equal(toEditorSeverity('hint'), 3);
    assert.equal(toEditorSeverity('off'), undefined);
  });
});

describe('lint settings', () => {
  const from = (values: Record<string, unknown>) => readLintSettings((key) => values[key]);

  it('reads valid values', () => {
    const settings = from({
      'lint.run': 'onSave',
      'lint.debounceMs': 50,
      'lint.maxFileSizeKb': 8,
      'rules.severity': { TL001: 'error', tl004: 'hint' },
    });
    assert.deepEqual(settings, { run: 'onSave', debounceMs: 50, maxFileSizeKb: 8, severity: { TL001: 'error', TL004: 'hint' } });
  });

  it('falls back to defaults for invalid values and drops invalid severities', () => {
    const settings = from({ 'lint.run': 'always', 'lint.debounceMs': -1, 'lint.maxFileSizeKb': 0, 'rules.severity': { TL001: 'fatal', TL002: 'off' } });
    assert.deepEqual(settings, { run: 'onType', debounceMs: 200, maxFileSizeKb: 1024, severity: { TL002: 'off' } });
  });
});
