// Stronger equivalence checks for the editor form: after every random edit, `update()` must
// give exactly the diagnostics of a fresh `analyze()` of the same text. Whatever the document
// reuses between edits (see document.ts) is proven against this, on every fixture and on a
// generated thread-heavy app where one edit can change many findings at once.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { TextEdit } from '../../../src/analyzer';
import { LineIndex } from '../../../src/analyzer/positions';
import { analyzer, FIXTURES, fixtureFiles, read, strictMode } from './helpers';

/** mulberry32: deterministic, so a failing step reproduces from its seed and index. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A thread-heavy app in the shape of the incremental benchmark, small enough for a test. */
export function threadHeavyApp(blocks: number): string {
  const out = [
    'import time',
    'import threading',
    'from concurrent.futures import ThreadPoolExecutor',
    'import streamlit as st',
    'from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx',
  ];
  for (let i = 0; i < blocks; i++) {
    out.push(
      '',
      `class Worker${i}(threading.Thread):`,
      '    def __init__(self, delay, target):',
      '        super().__init__()',
      '        self.delay = delay',
      '        self.target = target',
      '    def run(self):',
      '        time.sleep(self.delay)',
      `        self.target.write(f"block ${i}")`,
      '',
      `def poll_${i}(box, n):`,
      '    for step in range(n):',
      '        box.progress(step / n)',
      `        st.session_state["s${i}"] = step`,
      `        helper_${(i + 1) % blocks}(box)`,
      '',
      `def helper_${i}(box):`,
      '    box.write("helper")',
      '',
      `slots_${i} = [st.container() for _ in range(3)]`,
      `workers_${i} = [Worker${i}(0.1 * k, slot) for k, slot in enumerate(slots_${i})]`,
      `for worker in workers_${i}:`,
      '    add_script_run_ctx(worker, get_script_run_ctx())',
      '    worker.start()',
      `for worker in workers_${i}:`,
      '    worker.join()',
      `poller_${i} = threading.Thread(target=poll_${i}, args=(st.empty(), 5))`,
      i % 2 === 0 ? `add_script_run_ctx(poller_${i})` : '# not bound',
      `poller_${i}.start()`,
      i % 3 === 0 ? `poller_${i}.join()` : 'pass',
      'with ThreadPoolExecutor() as pool:',
      `    pool.submit(helper_${i}, st.empty())`,
    );
  }
  return out.join('\n') + '\n';
}

/** Snippets that change meaning: names, bindings, joins, scopes, brackets, comments, noqa. */
const SNIPPETS = [
  'x', ' ', '\n', '    ', '(', ')', ':', '#', '# noqa\n', 'é', '😀', '.join()', 'st.write(1)\n', 'def g(box):\n',
  'add_script_run_ctx(t)\n', 'threading.Thread(target=g).start()\n', '[', ']', 'while True:\n    pass\n', '"',
];

function randomEdit(text: string, next: () => number): TextEdit {
  const lines = new LineIndex(text);
  const line = Math.floor(next() * lines.lineCount);
  const lineText = text.slice(lines.lineStart(line)).split('\n')[0] ?? '';
  const column = Math.floor(next() * (lineText.length + 1));
  const start = { line, column };
  const roll = next();
  // Mostly one-character typing and deleting, as in an editor; sometimes larger pastes and cuts.
  const deleteLength = roll < 0.35 ? 1 : roll < 0.5 ? Math.floor(next() * 40) : 0;
  const end = lines.positionAt(Math.min(text.length, lines.offsetAt(start) + deleteLength));
  const newText = roll < 0.35 ? '' : SNIPPETS[Math.floor(next() * SNIPPETS.length)]!;
  return { range: { start, end }, newText };
}

function applyEdit(text: string, edit: TextEdit): string {
  const lines = new LineIndex(text);
  return text.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + text.slice(lines.offsetAt(edit.range.end));
}

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
