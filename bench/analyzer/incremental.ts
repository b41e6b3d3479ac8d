// Benchmark (f) with ratios: update() after one-character edits against a full tree-sitter
// re-parse and a full analysis of the same text, measured in the same run so a loaded machine
// inflates them alike. Runs on the lint bench's thread-heavy app and on a realistic file
// (the project's example apps and fixtures concatenated to 2,000 lines).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAnalyzer, type Analyzer } from '../../src/analyzer';
import { loadParser } from '../../src/analyzer/parser';
import { makeApp, measureIncremental, quantile } from '../lint/incremental';

const REPO = join(__dirname, '..', '..');

function realisticApp(lines = 2_000): string {
  const dirs = [join(REPO, 'examples'), join(REPO, 'test', 'fixtures', 'analyzer')];
  const files = dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.py') && !f.endsWith('.fixed.py')).map((f) => join(dir, f)));
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) out.push(...readFileSync(files[i % files.length]!, 'utf8').split('\n'));
  return out.slice(0, lines).join('\n') + '\n';
}

async function parseMs(text: string): Promise<{ median: number; p95: number }> {
  const { parser } = await loadParser();
  const times: number[] = [];
  for (let n = 0; n < 40; n++) {
    const start = performance.now();
    parser.parse(text)?.delete();
    times.push(performance.now() - start);
  }
  return { median: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

/**
 * Only typing (no text ever comes back, so nothing is answered from the recent-results
 * cache): the cost of a real re-analysis after a one-character edit.
 */
function typingOnly(a: Analyzer, source: string, edits = 60): { median: number; p95: number } {
  const doc = a.openDocument(source, 'bench_app.py');
  let random = 0x7157;
  const next = (n: number) => {
    random = (Math.imul(random, 1103515245) + 12345) >>> 0;
    return (random >>> 8) % n;
  };
  const lines = source.split('\n');
  const times: number[] = [];
  for (let n = -10; n < edits; n++) {
    const line = next(lines.length - 1);
    const at = { line, column: next(lines[line]!.length + 1) };
    const start = performance.now();
    doc.update([{ range: { start: at, end: at }, newText: 'x' }]);
    if (n >= 0) times.push(performance.now() - start);
    lines[line] = lines[line]!.slice(0, at.column) + 'x' + lines[line]!.slice(at.column);
  }
  doc.dispose();
  return { median: quantile(times, 0.5), p95: quantile(times, 0.95) };
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
    const parse = await parseMs(source);
    const typing = typingOnly(a, source);
    const f = (x: number) => x.toFixed(1);
    console.log(
      `${name.padEnd(13)} update median ${f(r.updateMedianMs)} ms, p95 ${f(r.updateP95Ms)} ms | full analyze ${f(r.fullAnalyzeMedianMs)} ms | ` +
        `full parse ${f(parse.median)} ms (p95 ${f(parse.p95)}) | update/parse median ${(r.updateMedianMs / parse.median).toFixed(2)}×, ` +
        `p95 ${(r.updateP95Ms / parse.p95).toFixed(2)}× | typing only: median ${f(typing.median)} ms, p95 ${f(typing.p95)} ms | ` +
        `${r.diagnosticsAfter} diagnostics`,
    );
  }
}
void main();
