// Runs the checks of a lint run: reads every file and applies the fast path on the main
// thread, then analyzes what remains there and, for big runs, in worker threads too.
//
// The analyzer (and its wasm) is loaded only when some file needs analysis. Worker threads
// pay off only above a size threshold, because each one loads its own parser, and only on
// cores that are idle (see docs/benchmarks.md).
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { loadAnalyzer, type Analyzer } from '../../analyzer';
import { analyzeFile, prepareFile, type CheckJob, type CheckOutcome } from './check-file';
import type { LintFile } from './discover';
import { analyzeInWorkers } from './pool';
import { errorMessage } from '../../core/errorMessage';

export interface RunOptions {
  fix: boolean;
  noSkip: boolean;
  /** Worker threads besides the main one; default: one per extra idle core when the run is big. */
  workers?: number;
  /** Told when a worker thread failed and its files were checked on the main thread instead. */
  onWarning?: (message: string) => void;
}

/** Below this much source to analyze, starting a worker costs more than it saves. */
export const PARALLEL_MIN_BYTES = 1_500_000;
const MAX_WORKERS = 7;

interface Pending {
  index: number;
  job: CheckJob;
  source: { text: string; bom: boolean };
}

export async function runChecks(files: readonly LintFile[], options: RunOptions): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = new Array(files.length);
  const pending: Pending[] = [];
  let bytes = 0;
  files.forEach((file, index) => {
    const job = jobFor(file, options);
    const prepared = prepareFile(job);
    if ('outcome' in prepared) {
      outcomes[index] = prepared.outcome;
    } else {
      pending.push({ index, job, source: prepared.source });
      bytes += prepared.source.text.length;
    }
  });
  if (pending.length === 0) return outcomes;

  const workers = options.workers ?? defaultWorkers(bytes);
  const buckets = partition(pending, workers + 1);
  const [own, ...others] = buckets;
  // Workers start first so they load their parsers while this thread analyzes its share.
  const remote = analyzeInWorkers(others.map((bucket) => bucket.map((p) => p.job)));

  const analyzer = await loadOrExplain();
  for (const p of own ?? []) outcomes[p.index] = safeAnalyze(p.job, p.source, analyzer);

  const results = await remote;
  others.forEach((bucket, b) => {
    const result = results[b];
    if (result && 'outcomes' in result) {
      bucket.forEach((p, i) => (outcomes[p.index] = result.outcomes[i] as CheckOutcome));
      return;
    }
    // A worker that died is not fatal: redo its share here.
    options.onWarning?.(`a worker thread failed (${result?.error ?? 'no result'}); checked its ${bucket.length} files on the main thread`);
    for (const p of bucket) outcomes[p.index] = safeAnalyze(p.job, p.source, analyzer);
  });
  return outcomes;
}

export function jobFor(file: LintFile, options: RunOptions): CheckJob {
  return { absPath: file.absPath, displayPath: file.displayPath, codes: file.selection.codes, fix: options.fix, noSkip: options.noSkip };
}

/** The analyzer never throws by contract; a bug there must still not take down the whole run. */
export function safeAnalyze(job: CheckJob, source: { text: string; bom: boolean }, analyzer: Analyzer): CheckOutcome {
  try {
    return analyzeFile(job, source, analyzer);
  } catch (err) {
    const detail = errorMessage(err);
    return { diagnostics: [], fixed: 0, skipped: false, error: `internal error while analyzing (please report it): ${detail}` };
  }
}

function defaultWorkers(bytes: number): number {
  const override = process.env['THREADLIT_LINT_WORKERS'];
  if (override !== undefined && /^\d+$/.test(override)) return Math.min(Number(override), MAX_WORKERS);
  if (bytes < PARALLEL_MIN_BYTES) return 0;
  // Only cores that are idle now help: on a machine that is already busy, a worker thread
  // gets no CPU of its own and its start-up is pure cost (measured: docs/benchmarks.md).
  // The load average is 0 where the platform has none (Windows), which means "use them".
  const cores = availableParallelism();
  const idle = Math.floor(cores - (loadavg()[0] ?? 0));
  return Math.max(0, Math.min(cores - 1, idle - 1, MAX_WORKERS));
}

/** Splits files into `n` buckets of similar size (largest first, each to the lightest bucket). */
function partition(pending: Pending[], n: number): Pending[][] {
  const buckets: Pending[][] = Array.from({ length: n }, () => []);
  const loads = new Array<number>(n).fill(0);
  const bySize = [...pending].sort((a, b) => b.source.text.length - a.source.text.length);
  for (const p of bySize) {
    const lightest = loads.indexOf(Math.min(...loads));
    (buckets[lightest] as Pending[]).push(p);
    loads[lightest] = (loads[lightest] as number) + p.source.text.length;
  }
  return buckets;
}

/** The parser could not be loaded (e.g. its wasm files are missing); no file can be checked. */
export class ParserLoadError extends Error {
  override readonly name = 'ParserLoadError';
}

async function loadOrExplain(): Promise<Analyzer> {
  try {
    return await lazyAnalyzer()();
  } catch (err) {
    throw new ParserLoadError(`cannot load the Python parser: ${errorMessage(err)}`);
  }
}

/** Memoizes `loadAnalyzer()`; the built CLI finds the wasm files beside its bundle. */
export function lazyAnalyzer(): () => Promise<Analyzer> {
  let loading: Promise<Analyzer> | undefined;
  return () => (loading ??= loadAnalyzer(bundledWasmDir()));
}

function bundledWasmDir(): { wasmDir?: string } {
  return existsSync(join(__dirname, 'tree-sitter-python.wasm')) ? { wasmDir: __dirname } : {};
}

/** Checks jobs on this thread, start to end; what a worker thread runs for its share. */
export async function checkJobsHere(jobs: readonly CheckJob[]): Promise<CheckOutcome[]> {
  const getAnalyzer = lazyAnalyzer();
  const outcomes: CheckOutcome[] = [];
  for (const job of jobs) {
    const prepared = prepareFile(job);
    outcomes.push('outcome' in prepared ? prepared.outcome : safeAnalyze(job, prepared.source, await getAnalyzer()));
  }
  return outcomes;
}
