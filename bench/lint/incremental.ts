// Benchmark (f): re-analysis of a 2,000-line Streamlit app after one-character edits,
// through the editor form `openDocument().update()`, against a full analysis and a parse.
import { performance } from 'node:perf_hooks';
import { loadAnalyzer, type Analyzer, type TextEdit } from '../../src/analyzer';

export const TARGET_LINES = 2_000;

/** A Streamlit app with threads in every block, so each edit re-runs the whole thread model. */
export function makeApp(lines = TARGET_LINES): string {
  const header = [
    'import time',
    'import threading',
    'from concurrent.futures import ThreadPoolExecutor',
    '',
    'import streamlit as st',
    'from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx',
    '',
  ];
  const block = (i: number) => [
    '',
    `class Worker${i}(threading.Thread):`,
    '    def __init__(self, delay, target):',
    '        super().__init__()',
    '        self.delay = delay',
    '        self.target = target',
    '',
    '    def run(self):',
    '        time.sleep(self.delay)',
    `        self.target.write(f"block ${i}: {self.delay}")`,
    '',
    '',
    `def poll_${i}(box, n):`,
    '    for step in range(n):',
    `        box.progress(step / n, text="block ${i}")`,
    `        st.session_state["step_${i}"] = step`,
    '',
    '',
    `slots_${i} = [st.container() for _ in range(3)]`,
    `workers_${i} = [Worker${i}(0.1 * k, slot) for k, slot in enumerate(slots_${i})]`,
    `for worker in workers_${i}:`,
    '    add_script_run_ctx(worker, get_script_run_ctx())',
    '    worker.start()',
    `for worker in workers_${i}:`,
    '    worker.join()',
    `poller_${i} = threading.Thread(target=poll_${i}, args=(st.empty(), 5))`,
    `poller_${i}.start()`,
    `poller_${i}.join()`,
    'with ThreadPoolExecutor() as pool:',
    `    pool.submit(time.sleep, ${i % 3})`,
  ];
  const out = [...header];
  for (let i = 0; out.length < lines; i++) out.push(...block(i));
  return out.slice(0, lines).join('\n') + '\n';
}

export interface IncrementalResult {
  lines: number;
  edits: number;
  updateMedianMs: number;
  updateP95Ms: number;
  fullAnalyzeMedianMs: number;
  diagnosticsAfter: number;
}

/** Times `update()` after `edits` one-character edits of `source` (default: `makeApp()`). */
export async function measureIncremental(edits = 100, source = makeApp(), analyzer?: Analyzer): Promise<IncrementalResult> {
  const a = analyzer ?? (await loadAnalyzer());
  let text = source;
  const doc = a.openDocument(text, 'bench_app.py');
  let random = 0x2026;
  const next = (n: number) => {
    // A tiny LCG is enough to spread edits over the file reproducibly.
    random = (Math.imul(random, 1103515245) + 12345) >>> 0;
    return (random >>> 8) % n;
  };
  const lines = text.split('\n');

  const times: number[] = [];
  let diagnosticsAfter = 0;
  let last = { line: 0, column: 0 };
  // The first 30 edits warm up the JIT and are not counted (an editor's analyzer stays warm).
  for (let n = -30; n < edits; n++) {
    // Alternate typing a character somewhere and deleting it again, as someone editing would.
    const typing = (n & 1) === 0;
    let edit: TextEdit;
    if (typing) {
      const line = next(lines.length - 1);
      last = { line, column: next((lines[line] as string).length + 1) };
      edit = { range: { start: last, end: last }, newText: 'x' };
    } else {
      edit = { range: { start: last, end: { line: last.line, column: last.column + 1 } }, newText: '' };
    }
    const start = performance.now();
    const diagnostics = doc.update([edit]);
    const ms = performance.now() - start;
    if (n >= 0) times.push(ms);
    diagnosticsAfter = diagnostics.length;
    const old = lines[last.line] as string;
    lines[last.line] = typing ? old.slice(0, last.column) + 'x' + old.slice(last.column) : old.slice(0, last.column) + old.slice(last.column + 1);
  }
  if (doc.text !== lines.join('\n')) throw new Error('the document and the benchmark disagree about the text');
  text = doc.text;
  doc.dispose();

  const full: number[] = [];
  for (let n = 0; n < 20; n++) {
    const start = performance.now();
    a.analyze(text, 'bench_app.py');
    full.push(performance.now() - start);
  }
  return {
    lines: source.split('\n').length - (source.endsWith('\n') ? 1 : 0),
    edits,
    updateMedianMs: quantile(times, 0.5),
    updateP95Ms: quantile(times, 0.95),
    fullAnalyzeMedianMs: quantile(full, 0.5),
    diagnosticsAfter,
  };
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}
