// Threadlit: Lint Workspace — every Python file in the workspace, found and analyzed in a
// low-priority worker process so the extension host's event loop stays responsive, with a
// cancellable progress notification. The host only publishes the worker's batches.
import * as vscode from 'vscode';
import type { ThreadlitContext } from '../vscode/context';
import type { LintFolder, LintResponse } from './lintWorkerProtocol';
import type { StaticDiagnostics } from './provider';
import { LintWorkerClient } from './workerClient';
import { excludePatterns, lintWorkspace, type WorkspaceLintSummary } from './workspaceLint';

const PROGRESS_MS = 250;

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
    const maxKb = Math.max(...(vscode.workspace.workspaceFolders ?? []).map((f) => this.diagnostics.settings(f.uri.toString()).maxFileSizeKb), 0) || 1024;
    const client = new LintWorkerClient(vscode.Uri.joinPath(this.ctx.extensionUri, 'dist').fsPath);
    // Cancel stops the worker at once: a 5 MB file in flight must not keep it busy for seconds.
    const stopOnCancel = token.onCancellationRequested(() => void client.dispose());
    let total = 0;
    let done = 0;
    let reported = 0;
    let lastReport = 0;
    // The files that have diagnostics now: a clean file among the others needs no update and
    // not even a Uri (most files; this saves allocation, and so GC pauses, on the host).
    const published = new Set<string>();
    this.diagnostics.collection.forEach((uri) => {
      if (uri.scheme === 'file') published.add(uri.fsPath);
    });
    const onBatch = (responses: readonly LintResponse[]): void => {
      const batch: [vscode.Uri, vscode.Diagnostic[]][] = [];
      for (const response of responses) {
        if (response.kind === 'result') {
          if (response.diagnostics.length === 0 && !published.has(response.path)) continue;
          const uri = vscode.Uri.file(response.path);
          // Open documents belong to the live linter, which sees unsaved edits.
          if (!this.diagnostics.isTracked(uri)) {
            const settings = this.diagnostics.folderSettings(uri);
            batch.push([uri, this.diagnostics.toVscode(uri, this.diagnostics.convert(uri.toString(), response.diagnostics, settings))]);
          }
        } else if (response.kind === 'skipped') {
          this.ctx.log.info(`skipped ${response.path}: ${response.bytes} bytes, above threadlit.lint.maxFileSizeKb`);
        } else {
          this.ctx.log.warn(`could not lint ${response.path}: ${response.message}`);
        }
      }
      if (batch.length > 0) this.diagnostics.collection.set(batch);
      done += responses.length;
      // A few updates a second are plenty for a progress bar, and each one is a message to the UI.
      if (Date.now() - lastReport >= PROGRESS_MS || done === total) {
        progress.report({ message: `${done} / ${total} files`, increment: ((done - reported) / Math.max(total, 1)) * 100 });
        reported = done;
        lastReport = Date.now();
      }
    };
    try {
      const summary = await lintWorkspace(
        client,
        { kind: 'lintTree', folders: this.folders(), maxBytes: maxKb * 1024 },
        {
          isCancelled: () => token.isCancellationRequested,
          onFound: (files) => {
            total = files;
            this.ctx.log.info(`lint workspace: found ${files} Python files in ${Date.now() - started} ms`);
          },
          onBatch,
        },
      );
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      this.ctx.log.info(
        `lint workspace: ${summary.files} files, ${summary.diagnostics} problems, ${summary.skipped} skipped, ${summary.failed} failed` +
          `${summary.cancelled ? ', cancelled' : ''} (${seconds} s)`,
      );
      if (summary.error !== undefined) {
        this.ctx.log.error(`lint workspace stopped: ${summary.error}`);
        void vscode.window.showErrorMessage(`Threadlit: Lint Workspace stopped after ${done} of ${total} files: ${summary.error}`);
      }
      return summary;
    } finally {
      stopOnCancel.dispose();
      await client.dispose();
    }
  }

  /**
   * The workspace folders with their files.exclude and search.exclude globs. The worker walks
   * them itself: findFiles would build the list of 10,000 files on the extension host.
   */
  private folders(): LintFolder[] {
    return (vscode.workspace.workspaceFolders ?? [])
      .filter((folder) => folder.uri.scheme === 'file')
      .map((folder) => ({
        path: folder.uri.fsPath,
        ...excludePatterns(
          vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude'),
          vscode.workspace.getConfiguration('search', folder.uri).get<Record<string, unknown>>('exclude'),
        ),
      }));
  }

  dispose(): void {
    this.running?.cancel();
  }
}
