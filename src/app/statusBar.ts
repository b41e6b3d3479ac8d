// The status bar item of the active app: its state, URL and monitor event count; a click
// reveals its preview. Hidden while no app has been run.

import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { AppSnapshot, AppState } from './appInstance';
import { RUN_APP } from './ids';

const ICONS: Record<AppState, string> = {
  starting: '$(loading~spin)',
  running: '$(play-circle)',
  rerunning: '$(sync~spin)',
  error: '$(error)',
  stopped: '$(debug-stop)',
};

/** The item's text and tooltip (pure, so the format is easy to change and check). */
export function statusText(snapshot: AppSnapshot): { text: string; tooltip: string } {
  const name = basename(snapshot.app);
  const events = snapshot.monitorEventCount > 0 ? ` $(warning) ${snapshot.monitorEventCount}` : '';
  const url = snapshot.url !== undefined ? `\n${snapshot.url}` : '';
  const problems = snapshot.monitorEventCount > 0 ? `\n${snapshot.monitorEventCount} thread-context event(s)` : '';
  return {
    text: `${ICONS[snapshot.state]} ${name}${events}`,
    tooltip: `Threadlit: ${name} is ${snapshot.state}${url}${problems}\nClick to show the preview.`,
  };
}

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
