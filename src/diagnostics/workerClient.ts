// Runs the lint worker process and matches its answers to requests (Node only, no `vscode`).
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import type { LintRequest, LintResponse, WorkerMessage } from './lintWorkerProtocol';
import type { LintClient } from './workspaceLint';

/** Lowest scheduling priority: the extension host (and the user's editor) always come first. */
const WORKER_NICENESS = 19;

export class LintWorkerClient implements LintClient {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, { path: string; resolve: (response: LintResponse) => void }>();
  private nextId = 1;
  private fatal: string | undefined;

  /** `bundleDir` holds lintWorker.js and the wasm files (the extension's dist/). */
  constructor(bundleDir: string) {
    // In desktop VS Code execPath is Electron; the host's ELECTRON_RUN_AS_NODE is inherited.
    this.child = fork(join(bundleDir, 'lintWorker.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
    if (this.child.pid !== undefined) {
      try {
        setPriority(this.child.pid, WORKER_NICENESS);
      } catch {
        // Not permitted on this system: the lint still works, just at normal priority.
      }
    }
    this.child.on('message', (message: WorkerMessage) => {
      if (message.kind === 'fatal') return this.failAll(message.message);
      const request = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      request?.resolve(message);
    });
    this.child.on('error', (err) => this.failAll(err.message));
    this.child.on('exit', (code, signal) => this.failAll(`lint worker exited (${signal ?? code})`));
  }

  lint(path: string, maxBytes: number): Promise<LintResponse> {
    const id = this.nextId++;
    if (this.fatal !== undefined) return Promise.resolve({ kind: 'failed', id, path, message: this.fatal });
    return new Promise((resolve) => {
      this.waiting.set(id, { path, resolve });
      const request: LintRequest = { kind: 'lint', id, path, maxBytes };
      this.child.send(request);
    });
  }

  /** Stops the worker; open requests resolve as failed. Safe to call more than once. */
  async dispose(): Promise<void> {
    this.failAll('lint worker stopped');
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill();
    await exited;
  }

  /** Answers every open request with the failure, so no caller waits forever. */
  private failAll(message: string): void {
    this.fatal ??= message;
    for (const [id, { path, resolve }] of this.waiting) resolve({ kind: 'failed', id, path, message });
    this.waiting.clear();
  }
}
