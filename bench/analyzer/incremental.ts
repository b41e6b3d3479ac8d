// Benchmark (f) with ratios: update() after one-character edits against a full tree-sitter
// re-parse and a full analysis of the same text, measured in the same run so a loaded machine
// inflates them alike. "Typing only" is the figure the target is about: every edit is new
// text; "type+delete" alternates, so every second update is answered from the recent-results
// cache. Runs on the lint bench's thread-heavy app and on a realistic file (the project's
// example apps and fixtures concatenated to 2,000 lines).
import { performance } from 'node:perf_hooks';
import { loadAnalyzer, type Analyzer } from '../../src/analyzer';
import { loadParser } from '../../src/analyzer/parser';
import { makeApp, measureIncremental, quantile } from '../lint/incremental';
import { realisticApp } from './sources';

async function parseMs(text: string): Promise<{ median: number; p95: number }> {
  const { parser } = await loadParser();
  const times: number[] = [];
  for (let n = 0; n < 100; n++) {
    const start = performance.now();
    parser.parse(text)?.delete();
    times.push(performance.now() - start);
  }
  return { median: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

interface Figures {
  median: number;
  p95: number;
  cpuMedian: number;
  cpuP95: number;
}

/**
 * Only typing (no text ever comes back, so nothing is answered from the recent-results
 * cache): the cost of a real re-analysis after a one-character edit. Wall and CPU time per
 * update; CPU time moves less when other jobs share the machine. Typed characters pile up
 * (`restore` false), so the file gathers syntax errors and, with them, loses threads the
 * model would analyze; with `restore` each character is deleted again (untimed) before the
 * next, so every timed edit is one character away from the intact file.
 */
function typingOnly(a: Analyzer, source: string, edits: number, restore = false): Figures {
  const doc = a.openDocument(source, 'bench_app.py');
  let random = 0x7157;
  const next = (n: number) => {
    random = (Math.imul(random, 1103515245) + 12345) >>> 0;
    return (random >>> 8) % n;
  };
  const lines = source.split('\n');
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let n = -10; n < edits; n++) {
    const line = next(lines.length - 1);
    const at = { line, column: next(lines[line]!.length + 1) };
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    doc.update([{ range: { start: at, end: at }, newText: 'x' }]);
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpuStart);
    if (n >= 0) {
      wall.push(ms);
      cpu.push((used.user + used.system) / 1000);
    }
    if (restore) {
      // Not timed: deleting the character again brings back a text the document has seen.
      doc.update([{ range: { start: at, end: { line, column: at.column + 1 } }, newText: '' }]);
      continue;
    }
    lines[line] = lines[line]!.slice(0, at.column) + 'x' + lines[line]!.slice(at.column);
  }
  doc.dispose();
  return { median: quantile(wall, 0.5), p95: quantile(wall, 0.95), cpuMedian: quantile(cpu, 0.5), cpuP95: quantile(cpu, 0.95) };
}

async function main(): Promise<void> {
  // OLD_ANALYZER=<dir>/src/analyzer measures another copy (e.g. before a change) the same way.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const a = process.env.OLD_ANALYZER ? await (require(process.env.OLD_ANALYZER) as { loadAnalyzer: typeof loadAnalyzer }).loadAnalyzer() : await loadAnalyzer();
  const edits = Number(process.env.EDITS ?? 100);
  for (const [name, source] of [
    ['thread-heavy', makeApp()],
    ['realistic', realisticApp()],
  ] as const) {
    const r = await measureIncremental(edits, source, a);
    const typing = typingOnly(a, source, edits);
    const intact = typingOnly(a, source, edits, true);
    // The parse last, so it runs right after the updates it is compared with.
    const parse = await parseMs(source);
    const f = (x: number) => x.toFixed(1);
    const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}×`;
    console.log(
      `${name.padEnd(13)} typing only (${edits} edits): median ${f(typing.median)} ms, p95 ${f(typing.p95)} ms ` +
        `(CPU ${f(typing.cpuMedian)} / ${f(typing.cpuP95)} ms) | full parse median ${f(parse.median)} ms, p95 ${f(parse.p95)} ms | ` +
        `update/parse median ${ratio(typing.median, parse.median)}, p95 ${ratio(typing.p95, parse.p95)}`,
    );
    console.log(
      `${''.padEnd(13)} one character on the intact file (${edits} edits): median ${f(intact.median)} ms, p95 ${f(intact.p95)} ms ` +
        `(CPU ${f(intact.cpuMedian)} / ${f(intact.cpuP95)} ms) | update/parse median ${ratio(intact.median, parse.median)}, p95 ${ratio(intact.p95, parse.p95)}`,
    );
    console.log(
      `${''.padEnd(13)} type+delete (${edits} edits): median ${f(r.updateMedianMs)} ms, p95 ${f(r.updateP95Ms)} ms | ` +
        `full analyze median ${f(r.fullAnalyzeMedianMs)} ms | ${r.diagnosticsAfter} diagnostics`,
    );
  }
}
void main();
