// Publishes the running apps' monitor events as problems in their own collection
// (`threadlit runtime`), apart from the static checker's. Which problems still apply is
// decided by RuntimeProblems (cleared on rerun and stop, moved or dropped on edits); this file
// feeds it the apps' events and the documents' edits, and draws its result.

import * as vscode from 'vscode';
import type { AppInstance } from './appInstance';
import type { AppManager } from './appManager';
import { RuntimeProblems, type LineChange } from './runtimeProblems';

export const RUNTIME_COLLECTION = 'threadlit runtime';

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information };

export class RuntimeDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(RUNTIME_COLLECTION);
  private readonly problems = new RuntimeProblems();
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(manager: AppManager) {
    for (const instance of manager.all()) this.follow(instance);
    this.subscriptions.push(
      manager.onDidAdd((instance) => this.follow(instance)),
      manager.onDidChange(({ instance, snapshot }) => {
        // `starting` too: a restarted app begins with none of the old runtime's problems.
        if (snapshot.state === 'stopped' || snapshot.state === 'error' || snapshot.state === 'starting') {
          if (this.problems.clearApp(instance.app)) this.schedule();
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme !== 'file' || e.contentChanges.length === 0) return;
        // Applied at once, not debounced: the next edit's lines assume this one has moved them.
        // Not `isDirty` to spot a revert: the first edit after a save still reports a clean document.
        if (this.problems.onEdit(e.document.uri.fsPath, e.contentChanges.map(lineChange))) this.publish();
      }),
      vscode.workspace.onDidSaveTextDocument((document) => this.problems.onSaved(document.uri.fsPath)),
    );
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }

  private follow(instance: AppInstance): void {
    this.subscriptions.push(
      instance.onRuntimeEvent((event) => {
        if (this.problems.onEvent(instance.app, event)) this.schedule();
      }),
    );
  }

  private schedule(): void {
    // Events come in bursts (one per thread); publishing at most every 100 ms keeps the UI calm.
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.publish();
    }, 100);
  }

  private publish(): void {
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = [];
    for (const [file, problems] of this.problems.problems()) {
      entries.push([
        vscode.Uri.file(file),
        problems.map((p) => {
          const diagnostic = new vscode.Diagnostic(new vscode.Range(p.line, 0, p.line, Number.MAX_SAFE_INTEGER), p.message, SEVERITY[p.severity]);
          diagnostic.source = RUNTIME_COLLECTION;
          diagnostic.code = p.code;
          return diagnostic;
        }),
      ]);
    }
    this.collection.clear();
    this.collection.set(entries);
  }
}

/** A document change in the lines of the text before it. */
function lineChange(change: vscode.TextDocumentContentChangeEvent): LineChange {
  const added = change.text.split('\n').length - 1;
  return { startLine: change.range.start.line, endLine: change.range.end.line, lineDelta: added - (change.range.end.line - change.range.start.line) };
}
