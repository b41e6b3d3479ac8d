// Random edits for the incremental tests: a seeded generator, editor-like edits and a thread-heavy app.
import type { TextEdit } from '../../../src/analyzer';
import { LineIndex } from '../../../src/analyzer/positions';

/** mulberry32: deterministic, so a failing step reproduces from its seed and index. */
export function random(seed: number): () => number {
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
export const SNIPPETS = [
  'x', ' ', '\n', '    ', '(', ')', ':', '#', '# noqa\n', 'é', '😀', '.join()', 'st.write(1)\n', 'def g(box):\n',
  'add_script_run_ctx(t)\n', 'threading.Thread(target=g).start()\n', '[', ']', 'while True:\n    pass\n', '"',
];

export function randomEdit(text: string, next: () => number): TextEdit {
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

export function applyEdit(text: string, edit: TextEdit): string {
  const lines = new LineIndex(text);
  return text.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + text.slice(lines.offsetAt(edit.range.end));
}

