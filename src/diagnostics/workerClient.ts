// Runs the lint worker process and follows its answers (Node only, no `vscode`).
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import type { LintTreeRequest, WorkerBatch, WorkerFound, WorkerMessage } from './lintWorkerProtocol';
import type { LintTreeClient } from './workspaceLint';

/** Lowest scheduling priority: the extension host (and the user's editor) always come first. */
const WORKER_NICENESS = 19;

export class LintWorkerClient implements LintTreeClient {
  private child: ChildProcess | undefined;
  private stopped = false;

  /** `bundleDir` holds lintWorker.js and the wasm files (the extension's dist/). */
  constructor(private readonly bundleDir: string) {}

  lintTree(request: LintTreeRequest, onMessage: (message: WorkerFound | WorkerBatch) => void): Promise<void> {
    if (this.child !== undefined) return Promise.reject(new Error('a lint worker runs one request'));
    if (this.stopped) return Promise.reject(new Error('lint worker stopped'));
    // In desktop VS Code execPath is Electron; the host's ELECTRON_RUN_AS_NODE is inherited.
    const child = fork(join(this.bundleDir, 'lintWorker.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
    this.child = child;
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, WORKER_NICENESS);
      } catch {
        // Not permitted on this system: the lint still works, just at normal priority.
      }
    }
    return new Promise<void>((resolve, reject) => {
      child.on('message', (message: WorkerMessage) => {
        if (message.kind === 'done') resolve();
        else if (message.kind === 'fatal') reject(new Error(message.message));
        else onMessage(message);
      });
      child.on('error', reject);
      // After `done` this changes nothing; before it, the answers are incomplete.
      child.on('exit', (code, signal) => reject(new Error(this.stopped ? 'lint worker stopped' : `lint worker exited (${signal ?? code})`)));
      child.send(request);
    });
  }

  /** The worker's process id while it runs (tests check that it is gone). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Stops the worker; a running request rejects. Safe to call more than once. */
  async dispose(): Promise<void> {
    this.stopped = true;
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill();
    await exited;
  }
}
