// Threadlit: Show Rule Documentation — opens a rule's page shipped in the extension (offline).
import * as vscode from 'vscode';
import type { RuleMeta } from '../analyzer';
import type { ThreadlitContext } from '../vscode/context';

/** The bundled page of `code` (scripts/build.mjs copies docs/rules/*.md to dist/rules/). */
export function ruleDocUri(ctx: ThreadlitContext, code: string): vscode.Uri {
  return vscode.Uri.joinPath(ctx.extensionUri, 'dist', 'rules', `${code}.md`);
}

/**
 * Opens the page for `code` (asks when no code is given) in the Markdown preview.
 * Returns the page's URI, or undefined when nothing was opened.
 */
export async function showRuleDocumentation(ctx: ThreadlitContext, rules: readonly RuleMeta[], code?: unknown): Promise<vscode.Uri | undefined> {
  let selected = typeof code === 'string' ? code.toUpperCase() : undefined;
  if (!selected) {
    const picked = await vscode.window.showQuickPick(
      rules.map((rule) => ({ label: rule.code, description: rule.name, detail: rule.summary })),
      { title: 'Threadlit: Show Rule Documentation', placeHolder: 'Rule' },
    );
    selected = picked?.label;
  }
  if (!selected) return undefined;
  if (!rules.some((rule) => rule.code === selected)) {
    void vscode.window.showWarningMessage(`Threadlit has no rule ${selected}.`);
    return undefined;
  }
  const uri = ruleDocUri(ctx, selected);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    ctx.showError(`the documentation of ${selected} is missing from the extension (${uri.fsPath})`);
    return undefined;
  }
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return uri;
}
