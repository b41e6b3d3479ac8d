// The status bar item of the active app: its state, URL and monitor event count; a click
// reveals its preview. Hidden while no app has been run.

import * as vscode from 'vscode';
import type { AppSnapshot } from './appInstance';
import { RUN_APP } from './ids';
import { statusText } from './statusText';

export class AppStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('threadlit.app', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Threadlit App';
  }

  show(snapshot: AppSnapshot | undefined): void {
    if (snapshot === undefined) {
      this.item.hide();
      return;
    }
    const { text, tooltip } = statusText(snapshot);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = snapshot.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.command = { title: 'Show App', command: RUN_APP, arguments: [vscode.Uri.file(snapshot.app)] };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
