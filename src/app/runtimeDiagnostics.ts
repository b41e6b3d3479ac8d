// Publishes the running apps' monitor events as problems in their own collection
// (`threadlit runtime`), apart from the static checker's. Cleared when an app is stopped.

import * as vscode from 'vscode';
import type { AppManager } from './appManager';
import { monitorProblems } from './monitorDiagnostics';

export const RUNTIME_COLLECTION = 'threadlit runtime';

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information };

export class RuntimeDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(RUNTIME_COLLECTION);
  private readonly subscription: vscode.Disposable;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly manager: AppManager) {
    // Events come in bursts (one per thread); publishing at most every 100 ms keeps the UI calm.
    this.subscription = manager.onDidChange(() => this.schedule());
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.collection.dispose();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.publish();
    }, 100);
  }

  private publish(): void {
    const events = this.manager.all().filter((app) => app.state !== 'stopped').flatMap((app) => [...app.monitorEvents]);
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = [];
    for (const [file, problems] of monitorProblems(events)) {
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
