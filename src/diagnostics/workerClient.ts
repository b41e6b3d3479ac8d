// Runs the lint worker thread and matches its answers to requests (Node only, no `vscode`).
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LintResponse, WorkerMessage, LintRequest } from './lintWorkerProtocol';
import type { LintClient } from './workspaceLint';

export class LintWorkerClient implements LintClient {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { path: string; resolve: (response: LintResponse) => void }>();
  private nextId = 1;
  private fatal: string | undefined;

  /** `bundleDir` holds lintWorker.js and the wasm files (the extension's dist/). */
  constructor(bundleDir: string) {
    this.worker = new Worker(join(bundleDir, 'lintWorker.js'));
    this.worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'fatal') return this.failAll(message.message);
      const request = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      request?.resolve(message);
    });
    this.worker.on('error', (err) => this.failAll(err.message));
    this.worker.on('exit', (code) => this.failAll(`lint worker exited (${code})`));
  }

  lint(path: string, maxBytes: number): Promise<LintResponse> {
    const id = this.nextId++;
    if (this.fatal !== undefined) return Promise.resolve({ kind: 'failed', id, path, message: this.fatal });
    return new Promise((resolve) => {
      this.waiting.set(id, { path, resolve });
      const request: LintRequest = { kind: 'lint', id, path, maxBytes };
      this.worker.postMessage(request);
    });
  }

  async dispose(): Promise<void> {
    await this.worker.terminate();
  }

  /** Answers every open request with the failure, so no caller waits forever. */
  private failAll(message: string): void {
    this.fatal ??= message;
    for (const [id, { path, resolve }] of this.waiting) resolve({ kind: 'failed', id, path, message });
    this.waiting.clear();
  }
}
