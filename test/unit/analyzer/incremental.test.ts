// openDocument + edits must give the same text and diagnostics as a fresh analysis of the final text.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Position, TextEdit } from '../../../src/analyzer';
import { applyEdit, random, randomEdit } from './edits';
import { analyzer, FIXTURES, read, strictMode } from './helpers';

function insert(at: Position, newText: string): TextEdit {
  return { range: { start: at, end: at }, newText };
}

describe('analyzer incremental documents', () => {
  strictMode();

  it('follows a scripted sequence of edits, including batches and non-ASCII text', async () => {
    const a = await analyzer();
    const start = read(join(FIXTURES, 'binding.py'));
    const doc = a.openDocument(start, 'binding.py');
    try {
      assert.deepEqual(doc.diagnostics(), a.analyze(start, 'binding.py'));
      let expected = start;
      const steps: TextEdit[][] = [
        // Remove the binding in start_both's else branch: the thread is no longer bound on every path.
        [{ range: { start: { line: 22, column: 8 }, end: { line: 22, column: 29 } }, newText: 'pass' }],
        // A batch: a non-ASCII comment, then a new unbound worker call right after it.
        [insert({ line: 11, column: 0 }, '# café ☕ 😀\n'), insert({ line: 12, column: 0 }, '    st.write("é😀")\n')],
        // Type a character in the middle of a name, then delete it again.
        [insert({ line: 5, column: 10 }, 'x')],
        [{ range: { start: { line: 5, column: 10 }, end: { line: 5, column: 11 } }, newText: '' }],
        // Replace a multi-line range.
        [{ range: { start: { line: 40, column: 0 }, end: { line: 44, column: 0 } }, newText: 'def start_painter():\n    pass\n' }],
      ];
      for (const batch of steps) {
        for (const edit of batch) expected = applyEdit(expected, edit);
        const diagnostics = doc.update(batch);
        assert.equal(doc.text, expected);
        assert.deepEqual(diagnostics, a.analyze(expected, 'binding.py'));
        assert.deepEqual(doc.diagnostics(), diagnostics);
      }
      // The scripted edits really changed the findings (the test can fail).
      assert.notDeepEqual(doc.diagnostics(), a.analyze(start, 'binding.py'));
    } finally {
      doc.dispose();
    }
  });

  it('matches a fresh analysis after 60 random edits', async () => {
    const a = await analyzer();
    const next = random(42);
    let text = read(join(FIXTURES, 'handles.py'));
    const doc = a.openDocument(text, 'handles.py');
    try {
      for (let i = 0; i < 60; i++) {
        const edit = randomEdit(text, next);
        text = applyEdit(text, edit);
        const diagnostics = doc.update([edit]);
        assert.equal(doc.text, text, `text after edit ${i}`);
        assert.deepEqual(diagnostics, a.analyze(text, 'handles.py'), `diagnostics after edit ${i}`);
      }
    } finally {
      doc.dispose();
    }
  });
});
