// Conversion of analyzer diagnostics to editor data: ranges, codes and links, related info, severity.
import * as assert from 'node:assert/strict';
import type { Diagnostic } from '../../../src/analyzer/types';
import { rangesTouch, ruleDocsCommandUri, STATIC_SOURCE, toEditorDiagnostics } from '../../../src/diagnostics/convert';

const range = (line: number, start: number, end: number) => ({ start: { line, column: start }, end: { line, column: end } });

const tl001: Diagnostic = {
  code: 'TL001',
  severity: 'warning',
  message: '`st.write` runs in thread `worker` without a ScriptRunContext',
  range: range(9, 4, 17),
  related: [{ range: range(14, 0, 9), message: 'thread started here' }],
  fix: { title: 'Attach the context', edits: [{ range: range(14, 0, 0), newText: 'add_script_run_ctx(t)\n' }] },
};
const tl003: Diagnostic = { code: 'TL003', severity: 'warning', message: 'race', range: range(3, 0, 5), related: [] };

describe('diagnostic conversion', () => {
  const options = { severity: {}, docsTarget: (code: string) => `docs:${code}` };

  it('keeps range, message, related info and origin; sets source and a code link', () => {
    const [converted] = toEditorDiagnostics([tl001], options);
    assert.ok(converted);
    assert.deepEqual(converted.range, range(9, 4, 17));
    assert.equal(converted.message, tl001.message);
    assert.equal(converted.source, STATIC_SOURCE);
    assert.deepEqual(converted.code, { value: 'TL001', target: 'docs:TL001' });
    assert.deepEqual(converted.related, [{ range: range(14, 0, 9), message: 'thread started here' }]);
    assert.equal(converted.origin, tl001);
    assert.equal(converted.severity, 1);
  });

  it('applies the severity setting and drops rules set to off, keeping order', () => {
    const converted = toEditorDiagnostics([tl003, tl001], options);
    assert.deepEqual(converted.map((d) => [d.code.value, d.severity]), [['TL003', 0], ['TL001', 1]]);
    const filtered = toEditorDiagnostics([tl003, tl001], { ...options, severity: { TL003: 'off', TL001: 'hint' } });
    assert.deepEqual(filtered.map((d) => [d.code.value, d.severity]), [['TL001', 3]]);
  });

  it('builds command links with JSON arguments', () => {
    assert.equal(ruleDocsCommandUri('threadlit.showRuleDocumentation', 'TL002'), 'command:threadlit.showRuleDocumentation?%5B%22TL002%22%5D');
  });

  it('treats touching ranges as overlapping', () => {
    assert.ok(rangesTouch(range(9, 4, 17), range(9, 17, 17)));
    assert.ok(rangesTouch(range(9, 0, 30), range(9, 5, 6)));
    assert.ok(!rangesTouch(range(9, 4, 17), range(9, 18, 20)));
    assert.ok(!rangesTouch(range(9, 4, 17), range(8, 0, 50)));
  });
});
