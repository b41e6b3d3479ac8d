// Worker threads for big lint runs: each worker loads its own parser and checks a share of
// the files, then posts the outcomes back.
//
// A worker re-enters the lint command with a marker in its workerData: through the
// bundle's exported `main(['lint'])` in dist/cli.js, or `lintCommand([])` under tsx in tests.
import { isMainThread, Worker, workerData, parentPort } from 'node:worker_threads';
import { join } from 'node:path';
import type { CheckJob, CheckOutcome } from './check-file';
import { errorMessage } from '../../core/errorMessage';

const MARKER = 'threadlitLintWorker';

interface WorkerInput {
  [MARKER]: true;
  jobs: CheckJob[];
}

/** True inside a lint worker thread started by `analyzeInWorkers`. */
export function isLintWorker(): boolean {
  return !isMainThread && typeof workerData === 'object' && workerData !== null && MARKER in workerData;
}

/** A share's outcomes, or why its worker failed. */
export type ShareResult = { outcomes: CheckOutcome[] } | { error: string };

/** Runs each share in its own worker thread. */
export function analyzeInWorkers(shares: CheckJob[][]): Promise<ShareResult[]> {
  return Promise.all(shares.map((jobs) => (jobs.length === 0 ? Promise.resolve({ outcomes: [] }) : runWorker(jobs))));
}

function runWorker(jobs: CheckJob[]): Promise<ShareResult> {
  // Under tsx (tests) the entry is TypeScript and the worker must register tsx itself.
  const fromSource = __filename.endsWith('.ts');
  const entry = fromSource ? join(__dirname, '..', 'lint.ts') : __filename;
  // Not a literal, so esbuild does not try to bundle tsx into dist/cli.js.
  const register = fromSource ? require.resolve(['tsx', 'cjs'].join('/')) : null;
  const bootstrap = [
    "const { workerData } = require('node:worker_threads');",
    'if (workerData.register) require(workerData.register);',
    'const cli = require(workerData.entry);',
    "if (cli.lintCommand) cli.lintCommand([]); else cli.main(['lint']);",
  ].join('\n');
  const input: WorkerInput & { entry: string; register: string | null } = { [MARKER]: true, jobs, entry, register };
  return new Promise((resolve) => {
    let outcomes: CheckOutcome[] | undefined;
    const worker = new Worker(bootstrap, { eval: true, workerData: input });
    worker.once('message', (message: CheckOutcome[]) => {
      outcomes = message;
    });
    worker.once('error', (err) => resolve({ error: errorMessage(err) }));
    worker.once('exit', (code) => resolve(outcomes && outcomes.length === jobs.length ? { outcomes } : { error: `exited with code ${code} before reporting` }));
  });
}

/** The worker side: check the share given in workerData and post the outcomes. */
export async function serveLintWorker(check: (jobs: CheckJob[]) => Promise<CheckOutcome[]>): Promise<void> {
  const input = workerData as WorkerInput;
  parentPort?.postMessage(await check(input.jobs));
}
