// The extension's context object: owns every extension-long disposable and the shared log.
import * as vscode from 'vscode';
import { Disposable, type IDisposable } from './dispose';

/**
 * Everything a feature needs from activation, passed explicitly (no module-level singletons).
 * Features register their disposables here; `dispose()` runs on deactivation.
 */
export class ThreadlitContext extends Disposable {
  readonly log: vscode.LogOutputChannel;

  constructor(readonly extension: vscode.ExtensionContext) {
    super();
    this.log = this._register(vscode.window.createOutputChannel('Threadlit', { log: true }));
  }

  get extensionUri(): vscode.Uri {
    return this.extension.extensionUri;
  }

  /** Ties `child` to the extension's lifetime. */
  own<T extends IDisposable>(child: T): T {
    return this._register(child);
  }

  /** Logs an error and shows it with a "Show Logs" button (no await: never blocks a caller). */
  showError(message: string, err?: unknown): void {
    this.log.error(message, ...(err === undefined ? [] : [err]));
    void vscode.window.showErrorMessage(`Threadlit: ${message}`, 'Show Logs').then((choice) => {
      if (choice === 'Show Logs') this.log.show();
    });
  }
}
