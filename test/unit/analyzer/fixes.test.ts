// Fix fixtures: applying every fix to `fixes/<name>.py` gives exactly `<name>.fixed.py`, which lints clean.
// A fixture without a `.fixed.py` (thread pools) must report findings that carry no automatic fix.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { applyFixes, type Diagnostic } from '../../../src/analyzer';
import { analyzer, annotate, fixtureFiles, FIXTURES, read, strictMode } from './helpers';

const DIR = join(FIXTURES, 'fixes');

describe('analyzer fixes', () => {
  strictMode();

  for (const file of fixtureFiles(DIR)) {
    const fixedPath = join(DIR, file.replace(/\.py$/, '.fixed.py'));
    if (!existsSync(fixedPath)) {
      it(`${file}: findings without an automatic fix`, async () => {
        const source = read(join(DIR, file));
        const diagnostics = (await analyzer()).analyze(source, file);
        assert.ok(diagnostics.length > 0, 'expected findings');
        assert.deepEqual(diagnostics.filter((d) => d.fix), [], annotate(source, diagnostics));
        assert.equal(applyFixes(source, diagnostics).text, source);
      });
      continue;
    }
    it(`${file} → ${file.replace(/\.py$/, '.fixed.py')}`, async () => {
      const source = read(join(DIR, file));
      const a = await analyzer();
      const diagnostics = a.analyze(source, file);
      assert.ok(diagnostics.some((d) => d.fix), `no fix offered\n${annotate(source, diagnostics)}`);
      const { text, applied } = applyFixes(source, diagnostics);
      assert.ok(applied > 0);
      assert.equal(text, read(fixedPath));
      const after: Diagnostic[] = a.analyze(text, file);
      assert.deepEqual(after, [], `the fixed file still has findings\n${annotate(text, after)}`);
    });
  }
});

describe('applyFixes', () => {
  const at = (line: number, column: number) => ({ line, column });
  const diag = (edits: { from: [number, number]; to: [number, number]; text: string }[]): Diagnostic => ({
    code: 'TL001',
    severity: 'error',
    message: 'm',
    range: { start: at(0, 0), end: at(0, 0) },
    related: [],
    fix: { title: 't', edits: edits.map((e) => ({ range: { start: at(...e.from), end: at(...e.to) }, newText: e.text })) },
  });

  it('applies identical edits once and skips a fix that overlaps an applied one', () => {
    const source = 'abc\ndef\n';
    const result = applyFixes(source, [
      diag([{ from: [0, 1], to: [0, 2], text: 'B' }, { from: [1, 0], to: [1, 0], text: '>' }]),
      diag([{ from: [1, 0], to: [1, 0], text: '>' }]),
      diag([{ from: [0, 0], to: [0, 3], text: 'xyz' }]),
    ]);
    assert.equal(result.text, 'aBc\n>def\n');
    assert.equal(result.applied, 2);
  });

  it('keeps insertions at one offset in diagnostic order and leaves the input alone without fixes', () => {
    const source = 'x\n';
    assert.equal(applyFixes(source, [diag([{ from: [0, 1], to: [0, 1], text: '1' }]), diag([{ from: [0, 1], to: [0, 1], text: '2' }])]).text, 'x12\n');
    assert.deepEqual(applyFixes(source, []), { text: source, applied: 0 });
  });
});
