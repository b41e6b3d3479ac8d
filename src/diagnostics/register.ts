// Wires the static diagnostics feature: collection + live linting, code actions, commands.
import * as vscode from 'vscode';
import { registerCommandTable } from '../vscode/commands';
import type { ThreadlitContext } from '../vscode/context';
import { analyzerModuleLoader } from './analyzerModule';
import { ThreadlitCodeActions } from './codeActions';
import { LINT_WORKSPACE_COMMAND, SHOW_RULE_DOCS_COMMAND } from './ids';
import { StaticDiagnostics } from './provider';
import { showRuleDocumentation } from './ruleDocs';
import { WorkspaceLinter } from './lintWorkspaceCommand';

export function registerDiagnostics(ctx: ThreadlitContext): StaticDiagnostics {
  // The analyzer (its bundle and the tree-sitter wasm) loads on the first Python document,
  // not during activation.
  const bundleDir = vscode.Uri.joinPath(ctx.extensionUri, 'dist').fsPath;
  const analyzerModule = analyzerModuleLoader(bundleDir);
  const diagnostics = ctx.own(
    new StaticDiagnostics(ctx, async () => analyzerModule().loadAnalyzer({ wasmDir: bundleDir })),
  );
  const workspaceLinter = ctx.own(new WorkspaceLinter(ctx, diagnostics));
  ctx.own(
    vscode.languages.registerCodeActionsProvider(
      [{ language: 'python', scheme: 'file' }, { language: 'python', scheme: 'untitled' }],
      new ThreadlitCodeActions(diagnostics, analyzerModule),
      ThreadlitCodeActions.metadata,
    ),
  );
  registerCommandTable(ctx, {
    [LINT_WORKSPACE_COMMAND]: () => () => workspaceLinter.run(),
    [SHOW_RULE_DOCS_COMMAND]: (c) => (code) => showRuleDocumentation(c, analyzerModule().RULES, code),
  });
  return diagnostics;
}
