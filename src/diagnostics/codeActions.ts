// Quick fixes for Threadlit diagnostics: the rule's own fix, `# noqa` suppression, the rule's
// documentation, and `source.fixAll.threadlit` for `editor.codeActionsOnSave`.
import * as vscode from 'vscode';
import type { Fix, Range } from '../analyzer/types';
import type { AnalyzerModule } from './analyzerModule';
import { rangesTouch, STATIC_SOURCE, type EditorDiagnostic } from './convert';
import { FIX_ALL_SUFFIX, SHOW_RULE_DOCS_COMMAND } from './ids';
import { noqaEdit } from './noqa';
import { toRange, type StaticDiagnostics } from './provider';
import { minimalReplacement } from './textDiff';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append(FIX_ALL_SUFFIX);

export class ThreadlitCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(
    private readonly diagnostics: StaticDiagnostics,
    private readonly analyzer: () => AnalyzerModule,
  ) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const only = context.only;
    const current = this.diagnostics.current(document);
    const actions: vscode.CodeAction[] = [];
    if (only && (only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(only))) {
      const fixAll = current && this.fixAll(document, current);
      if (fixAll) actions.push(fixAll);
    }
    if (!only || only.contains(vscode.CodeActionKind.QuickFix) || vscode.CodeActionKind.QuickFix.contains(only)) {
      actions.push(...this.quickFixes(document, range, context, current));
    }
    return actions;
  }

  private quickFixes(
    document: vscode.TextDocument,
    range: vscode.Range,
    context: vscode.CodeActionContext,
    current: EditorDiagnostic[] | undefined,
  ): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === STATIC_SOURCE);
    const request = { start: { line: range.start.line, column: range.start.character }, end: { line: range.end.line, column: range.end.character } };
    const fixes: vscode.CodeAction[] = [];
    const fixKeys = new Map<vscode.CodeAction, string>();
    const suppressions: vscode.CodeAction[] = [];
    const docs = new Map<string, vscode.CodeAction>();

    // Fresh analysis gives exact ranges and fixes; without it (unsaved edits in onSave mode)
    // only the documentation is offered, since edits from stale ranges could corrupt the file.
    // Each action names the diagnostic it resolves, rebuilt from what we published, so the
    // editor can tie it to the squiggle and the Problems entry.
    const candidates: Candidate[] = current
      ? current
          .filter((d) => rangesTouch(d.range, request))
          .map((d) => ({ code: d.code.value, range: d.range, fix: d.origin.fix, diagnostic: this.diagnostics.toVscode(document.uri, [d]) }))
      : ours.map((d) => ({ code: codeOf(d), range: undefined, fix: undefined, diagnostic: [d] }));

    for (const candidate of candidates) {
      const { code, range: at, fix } = candidate;
      if (!code) continue;
      const matching = candidate.diagnostic;
      // Several findings (two calls in one worker) often share one fix: offer it once.
      const fixKey = fix && `${fix.title}\n${JSON.stringify(fix.edits)}`;
      const sameFix = fixKey === undefined ? undefined : fixes.find((a) => fixKeys.get(a) === fixKey);
      if (sameFix) {
        sameFix.diagnostics = [...(sameFix.diagnostics ?? []), ...matching];
      } else if (fix && fixKey) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        fixKeys.set(action, fixKey);
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of fix.edits) action.edit.replace(document.uri, toRange(edit.range), edit.newText);
        action.diagnostics = matching;
        action.isPreferred = true;
        fixes.push(action);
      }
      if (at) {
        const line = at.start.line;
        const title = `Suppress ${code} on this line`;
        const edit = noqaEdit(document.lineAt(line).text, line, code);
        if (edit && !suppressions.some((a) => a.title === title && a.diagnostics?.[0]?.range.start.line === line)) {
          const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(document.uri, toRange(edit.range), edit.newText);
          action.diagnostics = matching;
          suppressions.push(action);
        }
      }
      if (!docs.has(code)) {
        const action = new vscode.CodeAction(`Show documentation for ${code}`, vscode.CodeActionKind.QuickFix);
        action.command = { title: action.title, command: SHOW_RULE_DOCS_COMMAND, arguments: [code] };
        action.diagnostics = matching;
        docs.set(code, action);
      }
    }
    return [...fixes, ...suppressions, ...docs.values()];
  }

  private fixAll(document: vscode.TextDocument, current: EditorDiagnostic[]): vscode.CodeAction | undefined {
    const fixable = current.filter((d) => d.origin.fix).map((d) => d.origin);
    if (fixable.length === 0) return undefined;
    const before = document.getText();
    const { text, applied } = this.analyzer().applyFixes(before, fixable);
    if (applied === 0 || text === before) return undefined;
    const replacement = minimalReplacement(before, text);
    const action = new vscode.CodeAction('Threadlit: fix all auto-fixable problems', FIX_ALL_KIND);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(
      document.uri,
      new vscode.Range(document.positionAt(replacement.start), document.positionAt(replacement.end)),
      replacement.newText,
    );
    return action;
  }
}

/** A diagnostic the request touches: fresh (with range and fix) or, when stale, only its code. */
interface Candidate {
  code: string;
  range: Range | undefined;
  fix: Fix | undefined;
  diagnostic: vscode.Diagnostic[];
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (typeof code === 'object') return String(code.value);
  return code === undefined ? '' : String(code);
}
