// Child process for Threadlit: Lint Workspace. Parsing a 5 MB file takes far longer than the
// extension host may block its event loop (50 ms), so whole-workspace analysis runs here, in a
// low-priority process of its own (a worker thread would compete with the host at full priority).
import { readFileSync, statSync } from 'node:fs';
import { loadAnalyzer } from '../analyzer';
import type { Diagnostic } from '../analyzer/types';
import type { LintRequest, LintResponse, WorkerMessage } from './lintWorkerProtocol';

const send = (message: WorkerMessage): void => {
  process.send?.(message);
};
if (!process.send) throw new Error('lintWorker must run as a forked child process');

// The bundle sits next to the wasm files in dist/.
const analyzer = loadAnalyzer({ wasmDir: __dirname });
analyzer.catch((err: unknown) => send({ kind: 'fatal', message: err instanceof Error ? err.message : String(err) }));

process.on('message', (request: LintRequest) => {
  void analyzer.then(
    (loaded) => send(lintOne(request, (source, path) => loaded.analyze(source, path))),
    () => undefined, // Already reported as fatal.
  );
});
// The host going away closes the IPC channel: never outlive it.
process.on('disconnect', () => process.exit(0));

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
