// Worker thread for Threadlit: Lint Workspace. Parsing a 5 MB file takes longer than the
// extension host may block its event loop (50 ms), so whole-workspace analysis runs here.
import { readFileSync, statSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { loadAnalyzer } from '../analyzer';
import type { Diagnostic } from '../analyzer/types';
import type { LintRequest, LintResponse, WorkerMessage } from './lintWorkerProtocol';

const port = parentPort;
if (!port) throw new Error('lintWorker must run in a worker thread');

// The bundle sits next to the wasm files in dist/.
const analyzer = loadAnalyzer({ wasmDir: __dirname });
analyzer.catch((err: unknown) => {
  const fatal: WorkerMessage = { kind: 'fatal', message: err instanceof Error ? err.message : String(err) };
  port.postMessage(fatal);
});

port.on('message', (request: LintRequest) => {
  void analyzer.then(
    (loaded) => port.postMessage(lintOne(request, (source, path) => loaded.analyze(source, path))),
    () => undefined, // Already reported as fatal.
  );
});

function lintOne(request: LintRequest, analyze: (source: string, path: string) => Diagnostic[]): LintResponse {
  const { id, path } = request;
  try {
    const bytes = statSync(path).size;
    if (bytes > request.maxBytes) return { kind: 'skipped', id, path, reason: 'tooLarge', bytes };
    const source = readFileSync(path, 'utf8');
    return { kind: 'result', id, path, diagnostics: analyze(source, path) };
  } catch (err) {
    return { kind: 'failed', id, path, message: err instanceof Error ? err.message : String(err) };
  }
}
