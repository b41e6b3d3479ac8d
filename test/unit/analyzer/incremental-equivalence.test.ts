// Stronger equivalence checks for the editor form: after every random edit, `update()` must
// give exactly the diagnostics of a fresh `analyze()` of the same text. Whatever the document
// reuses between edits (see document.ts) is proven against this, on every fixture and on a
// generated thread-heavy app where one edit can change many findings at once.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { TextEdit } from '../../../src/analyzer';
import { LineIndex } from '../../../src/analyzer/positions';
import { realisticApp } from '../../../bench/analyzer/sources';
import { makeApp } from '../../../bench/lint/incremental';
import { applyEdit, random, randomEdit, threadHeavyApp } from './edits';
import { analyzer, FIXTURES, fixtureFiles, read, strictMode } from './helpers';

async function checkRandomEdits(name: string, source: string, seed: number, steps: number): Promise<void> {
  const a = await analyzer();
  const next = random(seed);
  let text = source;
  const doc = a.openDocument(text, name);
  try {
    assert.deepEqual(doc.diagnostics(), a.analyze(text, name), `${name}: initial diagnostics`);
    for (let i = 0; i < steps; i++) {
      // Batches of up to three edits, each against the text after the previous one.
      const batch: TextEdit[] = [];
      const size = next() < 0.8 ? 1 : 1 + Math.floor(next() * 3);
      for (let k = 0; k < size; k++) {
        const edit = randomEdit(text, next);
        batch.push(edit);
        text = applyEdit(text, edit);
      }
      const diagnostics = doc.update(batch);
      assert.equal(doc.text, text, `${name} (seed ${seed}): text after step ${i}`);
      assert.deepEqual(diagnostics, a.analyze(text, name), `${name} (seed ${seed}): diagnostics after step ${i}`);
    }
  } finally {
    doc.dispose();
  }
}

describe('analyzer incremental equivalence (update vs fresh analyze)', function () {
  // Hundreds of full analyses on a loaded 2-core machine: generous, as this is no timing test.
  this.timeout(300_000);
  strictMode();

  for (const file of fixtureFiles()) {
    it(`random edits on ${file}`, async () => {
      await checkRandomEdits(file, read(join(FIXTURES, file)), 1000 + file.length, 40);
    });
  }

  it('random edits on a generated thread-heavy app', async () => {
    const source = threadHeavyApp(12);
    const a = await analyzer();
    // The generated app really has findings of several rules, so equivalence is not trivial.
    const codes = new Set(a.analyze(source, 'app.py').map((d) => d.code));
    assert.ok(codes.has('TL001') && codes.has('TL002') && codes.has('TL004'), [...codes].join(','));
    await checkRandomEdits('app.py', source, 7, 150);
  });

  // The benchmark's own inputs, edited the benchmark's way (one character typed at a random
  // place, never taken back, so syntax errors pile up) and with the random edits above.
  for (const [name, source] of [
    ['bench thread-heavy app', makeApp()],
    ['bench realistic file', realisticApp()],
  ] as const) {
    it(`typing on the ${name} (2,000 lines)`, async () => {
      const a = await analyzer();
      const next = random(2026);
      const doc = a.openDocument(source, 'bench_app.py');
      let text = source;
      try {
        for (let step = 0; step < 30; step++) {
          const lines = new LineIndex(text);
          const line = Math.floor(next() * (lines.lineCount - 1));
          const lineText = text.slice(lines.lineStart(line)).split('\n')[0] ?? '';
          const at = { line, column: Math.floor(next() * (lineText.length + 1)) };
          const edit: TextEdit = { range: { start: at, end: at }, newText: 'x' };
          text = applyEdit(text, edit);
          assert.deepEqual(doc.update([edit]), a.analyze(text, 'bench_app.py'), `${name}: after typing ${step}`);
        }
      } finally {
        doc.dispose();
      }
    });

    it(`random edits on the ${name}`, async () => {
      await checkRandomEdits('bench_app.py', source, 31, 25);
    });
  }

  it('undoing every edit returns to the original diagnostics', async () => {
    const a = await analyzer();
    const source = threadHeavyApp(6);
    const doc = a.openDocument(source, 'app.py');
    try {
      const original = doc.diagnostics();
      const next = random(99);
      for (let i = 0; i < 40; i++) {
        const lines = new LineIndex(doc.text);
        const line = Math.floor(next() * (lines.lineCount - 1));
        const lineText = doc.text.slice(lines.lineStart(line)).split('\n')[0] ?? '';
        const at = { line, column: Math.floor(next() * (lineText.length + 1)) };
        doc.update([{ range: { start: at, end: at }, newText: 'x' }]);
        const after = doc.update([{ range: { start: at, end: { line, column: at.column + 1 } }, newText: '' }]);
        assert.equal(doc.text, source);
        assert.deepEqual(after, original, `after undo ${i}`);
      }
    } finally {
      doc.dispose();
    }
  });
});
