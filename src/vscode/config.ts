// Reads Threadlit's settings for a resource through the pure settings parser.
import * as vscode from 'vscode';
import { readLintSettings, type LintSettings } from '../diagnostics/settings';

export function lintSettingsFor(uri: vscode.Uri | undefined): LintSettings {
  const config = vscode.workspace.getConfiguration('threadlit', uri);
  return readLintSettings((key) => config.get(key));
}
