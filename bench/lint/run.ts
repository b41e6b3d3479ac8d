// Lint benchmark: whole-process wall time of threadlit against tree-sitter, pyflakes and
// ruff on the interpreter's standard library, plus editor re-analysis latency.
// Usage: npm run bench:lint   (BENCH_RUNS=N sets the runs per figure, default 5;
// BENCH_CLI=path measures that CLI bundle instead of building dist/cli.js)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureCorpus, REPO } from './corpus';
import { measureIncremental, quantile } from './incremental';

const RUNS = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 5));
const NODE = process.execPath;
// BENCH_CLI measures another build of the CLI (e.g. one made with different bundler settings).
const CLI = process.env['BENCH_CLI'] ?? join(REPO, 'dist', 'cli.js');
const VENV = join(REPO, '.venv', 'bin');

interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Median user+system CPU time, when /usr/bin/time is there; less sensitive to a busy machine. */
  cpuMedianMs: number | null;
}

const GNU_TIME = '/usr/bin/time';
const TIME_OUT = join(REPO, 'bench', '.cache', 'time.txt');

interface Command {
  label: string;
  command: string;
  args: string[];
  okCodes: number[];
  env?: NodeJS.ProcessEnv;
}

interface Run {
  ms: number;
  cpuMs: number | null;
}

/** One whole-process run: wall time, and user+system CPU time through GNU time when present. */
function runOnce(c: Command): Run {
  const withTime = existsSync(GNU_TIME);
  const [cmd, argv] = withTime ? [GNU_TIME, ['-f', '%U %S', '-o', TIME_OUT, c.command, ...c.args]] : [c.command, c.args];
  const start = performance.now();
  const r = spawnSync(cmd, argv, { cwd: REPO, env: c.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (r.error) throw r.error;
  if (!c.okCodes.includes(r.status ?? -1)) throw new Error(`${c.label}: exit ${r.status}\n${r.stderr.toString().slice(0, 2000)}`);
  const cpu = withTime ? readFileSync(TIME_OUT, 'utf8').trim().split('\n').pop()?.split(' ').map(Number) : undefined;
  return { ms, cpuMs: cpu ? ((cpu[0] ?? 0) + (cpu[1] ?? 0)) * 1000 : null };
}

/**
 * Runs every command once per round, rotating the order each round, so a change in the
 * machine's load hits all of them alike; a first unmeasured round fills the page cache.
 */
function timeInterleaved<K extends string>(commands: Record<K, Command>): Record<K, Timing> {
  const keys = Object.keys(commands) as K[];
  const runs = new Map<K, Run[]>(keys.map((k) => [k, []]));
  for (let round = -1; round < RUNS; round++) {
    const shift = Math.max(round, 0) % keys.length;
    for (const k of [...keys.slice(shift), ...keys.slice(0, shift)]) {
      const r = runOnce(commands[k]);
      if (round >= 0) runs.get(k)?.push(r);
    }
  }
  const out = {} as Record<K, Timing>;
  for (const k of keys) {
    const rs = runs.get(k) ?? [];
    const times = rs.map((r) => r.ms);
    const cpu = rs.map((r) => r.cpuMs).filter((c): c is number => c !== null);
    out[k] = {
      medianMs: quantile(times, 0.5),
      minMs: Math.min(...times),
      maxMs: Math.max(...times),
      cpuMedianMs: cpu.length > 0 ? quantile(cpu, 0.5) : null,
    };
  }
  return out;
}

async function mainBench(): Promise<void> {
  if (process.env['BENCH_CLI'] === undefined) {
    const build = spawnSync(NODE, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  for (const tool of ['pyflakes', 'ruff']) {
    if (!existsSync(join(VENV, tool))) throw new Error(`${tool} is missing from .venv (pip install ${tool})`);
  }

  const corpus = ensureCorpus();
  const listFile = join(REPO, 'bench', '.cache', 'files.txt');
  const st = corpus.files.map((rel) => join(corpus.streamlitDir, rel));
  const plain = corpus.files.map((rel) => join(corpus.plainDir, rel));
  console.log(`corpus: ${corpus.files.length} files, ${corpus.lines} lines from ${corpus.stdlib}`);
  // Wall times mean little on a busy machine; the load average says how busy it was.
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`cores: ${availableParallelism()}, runs per figure: ${RUNS} (median of whole-process wall time, commands interleaved), load average ${load()}\n`);

  // Every tool gets the same explicit file list, so folder-walking defaults cannot differ.
  // (b) runs as users get it: worker threads only on idle cores. (b1) forces one worker.
  const oneWorker = { ...process.env, THREADLIT_LINT_WORKERS: '1' };
  const ruff = ['check', '--select', 'F', '--no-cache', '--no-respect-gitignore', '-q'];
  const figures = timeInterleaved({
    a: { label: '(a) parse only', command: NODE, args: [join(REPO, 'bench', 'lint', 'parse-only.mjs'), corpus.streamlitDir, listFile], okCodes: [0] },
    b: { label: '(b) threadlit --no-skip', command: NODE, args: [CLI, 'lint', '--no-skip', ...st], okCodes: [0, 1] },
    b1: { label: '(b) one worker', command: NODE, args: [CLI, 'lint', '--no-skip', ...st], okCodes: [0, 1], env: oneWorker },
    c: { label: '(c) pyflakes', command: join(VENV, 'pyflakes'), args: st, okCodes: [0, 1] },
    d: { label: '(d) ruff', command: join(VENV, 'ruff'), args: [...ruff, ...st], okCodes: [0, 1] },
    d0: { label: '(d) ruff, unmodified', command: join(VENV, 'ruff'), args: [...ruff, ...plain], okCodes: [0, 1] },
    e: { label: '(e) threadlit', command: NODE, args: [CLI, 'lint', ...plain], okCodes: [0, 1] },
  });
  console.log(`load average after the process timings: ${load()}`);
  const f = await measureIncremental(100);
  // A typical module as well: the corpus file (with the streamlit import) nearest 2,000 lines.
  const typical = nearestTo2000Lines(corpus.streamlitDir, corpus.files);
  const f2 = await measureIncremental(100, readFileSync(join(corpus.streamlitDir, typical), 'utf8'));

  const ms = (t: Timing) =>
    `${t.medianMs.toFixed(0).padStart(6)} ms  (min ${t.minMs.toFixed(0)}, max ${t.maxMs.toFixed(0)}` +
    `${t.cpuMedianMs === null ? '' : `; cpu ${t.cpuMedianMs.toFixed(0)} ms`})`;
  const rows: Array<[string, Timing]> = [
    ['(a) tree-sitter parse only, prepended copy', figures.a],
    ['(b) threadlit lint --no-skip, prepended copy', figures.b],
    ['    same, one worker thread (THREADLIT_LINT_WORKERS=1)', figures.b1],
    ['(c) pyflakes, prepended copy', figures.c],
    ['(d) ruff check --select F --no-cache, prepended copy', figures.d],
    ['    same, unmodified corpus', figures.d0],
    ['(e) threadlit lint, unmodified corpus', figures.e],
  ];
  for (const [label, t] of rows) console.log(`${label.padEnd(52)} ${ms(t)}`);
  for (const [label, r] of [[`${f.lines}-line threaded app`, f], [`${typical}, ${f2.lines} lines`, f2]] as const) {
    console.log(
      `(f) update() after a 1-char edit, ${label}: median ${r.updateMedianMs.toFixed(2)} ms, p95 ${r.updateP95Ms.toFixed(2)} ms` +
        ` (full analyze ${r.fullAnalyzeMedianMs.toFixed(2)} ms)`,
    );
  }

  const ratio = (x: number, y: number) => (x / y).toFixed(2);
  const b = figures.b.medianMs;
  const checks: Array<[string, string, boolean]> = [
    ['(b)/(a) full lint vs parse only', `${ratio(b, figures.a.medianMs)}x (target <= 2)`, b <= 2 * figures.a.medianMs],
    ['(c)/(b) pyflakes vs threadlit --no-skip', `${ratio(figures.c.medianMs, b)}x (target >= 2)`, figures.c.medianMs >= 2 * b],
    ['(e)/(d) threadlit vs ruff, unmodified corpus', `${ratio(figures.e.medianMs, figures.d0.medianMs)}x (target <= 2)`, figures.e.medianMs <= 2 * figures.d0.medianMs],
    ['(e)/(d) threadlit vs ruff on the prepended copy', `${ratio(figures.e.medianMs, figures.d.medianMs)}x (target <= 2)`, figures.e.medianMs <= 2 * figures.d.medianMs],
    ['(f) p95 vs 20 ms, threaded app', `${ratio(f.updateP95Ms, 20)}x (target < 1)`, f.updateP95Ms < 20],
    ['(f) p95 vs 20 ms, stdlib module', `${ratio(f2.updateP95Ms, 20)}x (target < 1)`, f2.updateP95Ms < 20],
  ];
  console.log('');
  for (const [label, value, ok] of checks) console.log(`${label.padEnd(52)} ${value.padEnd(22)} ${ok ? 'met' : 'MISSED'}`);

  const out = join(REPO, 'bench', '.cache', 'lint-results.json');
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), runs: RUNS, corpus: { files: corpus.files.length, lines: corpus.lines }, figures, f, typical: { file: typical, ...f2 } }, null, 2));
  console.log(`\nraw figures: ${out}`);
}

function nearestTo2000Lines(dir: string, files: string[]): string {
  let best = files[0] as string;
  let bestGap = Infinity;
  for (const rel of files) {
    const gap = Math.abs(readFileSync(join(dir, rel), 'utf8').split('\n').length - 2000);
    if (gap < bestGap) [best, bestGap] = [rel, gap];
  }
  return best;
}

mainBench().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
