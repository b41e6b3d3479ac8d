// Threadlit: Lint Workspace — every Python file in the workspace, analyzed in a worker thread
// so the extension host's event loop stays responsive, with a cancellable progress notification.
import * as vscode from 'vscode';
import type { ThreadlitContext } from '../vscode/context';
import type { LintResponse } from './lintWorkerProtocol';
import type { StaticDiagnostics } from './provider';
import { LintWorkerClient } from './workerClient';
import { excludeGlob, lintFiles, type WorkspaceLintSummary } from './workspaceLint';

/**
 * Publishing is batched: one collection update per this many files or milliseconds. Small
 * batches keep each slice of work on the extension host's event loop short.
 */
const BATCH_FILES = 50;
const BATCH_MS = 50;

export class WorkspaceLinter {
  private running: vscode.CancellationTokenSource | undefined;

  constructor(
    private readonly ctx: ThreadlitContext,
    private readonly diagnostics: StaticDiagnostics,
  ) {}

  /** Lints the workspace; a second call cancels the first (only the newest run publishes). */
  async run(): Promise<WorkspaceLintSummary | undefined> {
    this.running?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.running = source;
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Threadlit: linting workspace', cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => source.cancel());
          return this.lint(progress, source.token);
        },
      );
    } finally {
      if (this.running === source) this.running = undefined;
      source.dispose();
    }
  }

  private async lint(progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken): Promise<WorkspaceLintSummary> {
    const started = Date.now();
    const files = await this.findPythonFiles(token);
    this.ctx.log.info(`lint workspace: found ${files.length} Python files in ${Date.now() - started} ms`);
    const maxKb = Math.max(...(vscode.workspace.workspaceFolders ?? []).map((f) => this.diagnostics.settings(f.uri.toString()).maxFileSizeKb), 0) || 1024;
    const client = new LintWorkerClient(vscode.Uri.joinPath(this.ctx.extensionUri, 'dist').fsPath);
    // Cancel stops the worker at once: a 5 MB file in flight must not keep it busy for seconds.
    const stopOnCancel = token.onCancellationRequested(() => void client.dispose());
    const batch: [vscode.Uri, vscode.Diagnostic[]][] = [];
    let lastFlush = Date.now();
    let done = 0;
    let reported = 0;
    const flush = () => {
      if (!token.isCancellationRequested && batch.length > 0) this.diagnostics.collection.set(batch.splice(0));
      else batch.length = 0;
      lastFlush = Date.now();
    };
    const onResponse = (response: LintResponse) => {
      done++;
      const uri = vscode.Uri.file(response.path);
      if (response.kind === 'result') {
        // Open documents belong to the live linter, which sees unsaved edits. A clean file
        // with nothing published needs no update (most files: this saves allocation and GC).
        const nothingToClear = response.diagnostics.length === 0 && !this.diagnostics.collection.has(uri);
        if (!this.diagnostics.isTracked(uri) && !nothingToClear) {
          const key = uri.toString();
          batch.push([uri, this.diagnostics.toVscode(uri, this.diagnostics.convert(key, response.diagnostics))]);
        }
      } else if (response.kind === 'skipped') {
        this.ctx.log.info(`skipped ${response.path}: ${response.bytes} bytes, above threadlit.lint.maxFileSizeKb`);
      } else if (!token.isCancellationRequested) {
        this.ctx.log.warn(`could not lint ${response.path}: ${response.message}`);
      }
      if (batch.length >= BATCH_FILES || Date.now() - lastFlush >= BATCH_MS) {
        flush();
        progress.report({ message: `${done} / ${files.length} files`, increment: ((done - reported) / Math.max(files.length, 1)) * 100 });
        reported = done;
      }
    };
    try {
      const summary = await lintFiles(
        files.map((f) => f.fsPath),
        client,
        // Two requests in flight keep the worker busy without flooding the host with answers.
        { maxBytes: maxKb * 1024, isCancelled: () => token.isCancellationRequested, onResponse, concurrency: 2 },
      );
      flush();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      this.ctx.log.info(
        `lint workspace: ${summary.files} files, ${summary.diagnostics} problems, ${summary.skipped} skipped, ${summary.failed} failed` +
          `${summary.cancelled ? ', cancelled' : ''} (${seconds} s)`,
      );
      return summary;
    } finally {
      stopOnCancel.dispose();
      await client.dispose();
    }
  }

  /** Python files of every folder, honouring files.exclude and search.exclude of that folder. */
  private async findPythonFiles(token: vscode.CancellationToken): Promise<vscode.Uri[]> {
    const result: vscode.Uri[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const filesExclude = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude');
      const searchExclude = vscode.workspace.getConfiguration('search', folder.uri).get<Record<string, unknown>>('exclude');
      const exclude = excludeGlob(filesExclude, searchExclude);
      const found = await vscode.workspace.findFiles(
        new vscode.RelativePattern(folder, '**/*.py'),
        exclude === undefined ? null : new vscode.RelativePattern(folder, exclude),
        undefined,
        token,
      );
      result.push(...found);
    }
    return result;
  }

  dispose(): void {
    this.running?.cancel();
  }
}
