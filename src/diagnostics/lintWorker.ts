// Child process for Threadlit: Lint Workspace. Finding 10,000 files and parsing 5 MB ones takes
// far longer than the extension host may block its event loop (50 ms), so the whole job runs
// here, in a low-priority process of its own (a worker thread would compete with the host at
// full priority). The host gets only the outcomes, in batches.
import { readFileSync, statSync } from 'node:fs';
import { loadAnalyzer, type Analyzer } from '../analyzer';
import type { LintResponse, LintTreeRequest, WorkerMessage } from './lintWorkerProtocol';
import { findPythonFiles } from './pythonFiles';
import { errorMessage } from '../core/errorMessage';

/** A batch goes to the host after this many files or milliseconds, whichever comes first. */
const BATCH_FILES = 32;
const BATCH_MS = 50;

const send = (message: WorkerMessage): void => {
  process.send?.(message);
};
if (!process.send) throw new Error('lintWorker must run as a forked child process');

// The bundle sits next to the wasm files in dist/.
const analyzer = loadAnalyzer({ wasmDir: __dirname });

process.once('message', (request: LintTreeRequest) => {
  lintTree(request).catch((err: unknown) => send({ kind: 'fatal', message: errorMessage(err) }));
});
// The host going away closes the IPC channel: never outlive it.
process.on('disconnect', () => process.exit(0));

async function lintTree(request: LintTreeRequest): Promise<void> {
  const loaded = await analyzer;
  const files = [...new Set(request.folders.flatMap((folder) => findPythonFiles(folder.path, folder.exclude, folder.excludeWhen)))];
  send({ kind: 'found', files: files.length });
  let batch: LintResponse[] = [];
  let lastSent = Date.now();
  for (const path of files) {
    batch.push(lintOne(path, request.maxBytes, loaded));
    if (batch.length >= BATCH_FILES || Date.now() - lastSent >= BATCH_MS) {
      send({ kind: 'batch', responses: batch });
      batch = [];
      lastSent = Date.now();
    }
    // Between files the loop lets IPC through: a closed channel ends the process at once.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (batch.length > 0) send({ kind: 'batch', responses: batch });
  send({ kind: 'done' });
}

function lintOne(path: string, maxBytes: number, loaded: Analyzer): LintResponse {
  try {
    const bytes = statSync(path).size;
    if (bytes > maxBytes) return { kind: 'skipped', path, reason: 'tooLarge', bytes };
    const source = readFileSync(path, 'utf8');
    // Fixes are left behind: quick fixes come from the live linter once a file is opened, and
    // every byte less is less for the host to parse (and collect) on its event loop.
    const diagnostics = loaded.analyze(source, path).map(({ fix: _fix, ...rest }) => rest);
    return { kind: 'result', path, diagnostics };
  } catch (err) {
    return { kind: 'failed', path, message: errorMessage(err) };
  }
}
