// Static diagnostics in the editor: forwards document events to the DocumentLinter and
// publishes its results to the `threadlit` DiagnosticCollection.
import * as vscode from 'vscode';
import type { Analyzer } from '../analyzer';
import type { Diagnostic, Range } from '../analyzer/types';
import { Disposable } from '../vscode/dispose';
import type { ThreadlitContext } from '../vscode/context';
import { lintSettingsFor } from '../vscode/config';
import { ruleDocsCommandUri, toEditorDiagnostics, type EditorDiagnostic } from './convert';
import { DocumentLinter, type LintHost } from './documentLinter';
import { SHOW_RULE_DOCS_COMMAND, STATIC_COLLECTION } from './ids';
import type { LintSettings } from './settings';

const LINTED_SCHEMES = new Set(['file', 'untitled']);

export function isLintable(document: vscode.TextDocument): boolean {
  return document.languageId === 'python' && LINTED_SCHEMES.has(document.uri.scheme);
}

export class StaticDiagnostics extends Disposable {
  readonly collection: vscode.DiagnosticCollection;
  private readonly linter: DocumentLinter;
  private readonly documents = new Map<string, vscode.TextDocument>();
  private readonly settingsCache = new Map<string, LintSettings>();
  /** One parsed link per rule: Lint Workspace converts thousands of diagnostics at a time. */
  private readonly docsUris = new Map<string, vscode.Uri>();
  /** Durations of the latest runs (debounce fired → published), newest last; for the latency test. */
  readonly recentRunMs: number[] = [];

  constructor(
    ctx: ThreadlitContext,
    loadAnalyzer: () => Promise<Analyzer>,
  ) {
    super();
    this.collection = this._register(vscode.languages.createDiagnosticCollection(STATIC_COLLECTION));
    const host: LintHost = {
      settings: (key) => this.settings(key),
      currentText: (key) => this.documents.get(key)?.getText(),
      publish: (key, diagnostics) => this.publish(key, diagnostics),
      clear: (key) => {
        const document = this.documents.get(key);
        this.collection.delete(document?.uri ?? vscode.Uri.parse(key));
      },
      info: (message) => ctx.log.info(message),
      error: (message, err) => ctx.log.error(message, err),
    };
    // Tests run with THREADLIT_STRICT=1: incremental text drift then fails loudly.
    this.linter = new DocumentLinter(loadAnalyzer, host, {
      verifySync: process.env.THREADLIT_STRICT === '1',
      onRunTimed: (_key, ms) => {
        this.recentRunMs.push(ms);
        if (this.recentRunMs.length > 200) this.recentRunMs.shift();
      },
    });
    this._register({ dispose: () => this.linter.dispose() });

    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.open(d)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.close(d)));
    this._register(vscode.workspace.onDidSaveTextDocument((d) => this.linter.save(d.uri.toString())));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.change(e)));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('threadlit')) return;
        this.settingsCache.clear();
        this.linter.refreshAll();
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.open(document);
  }

  /** True when the document is tracked live (workspace lint leaves such files alone). */
  isTracked(uri: vscode.Uri): boolean {
    return this.linter.has(uri.toString());
  }

  /** Fresh diagnostics for code actions, converted with the current settings; undefined if stale. */
  current(document: vscode.TextDocument): EditorDiagnostic[] | undefined {
    const key = document.uri.toString();
    const raw = this.linter.current(key);
    return raw && this.convert(key, raw);
  }

  /** Converts analyzer results for `uri` (also used by Lint Workspace for files not open). */
  convert(key: string, diagnostics: readonly Diagnostic[], settings: LintSettings = this.settings(key)): EditorDiagnostic[] {
    return toEditorDiagnostics(diagnostics, {
      severity: settings.severity,
      docsTarget: (code) => ruleDocsCommandUri(SHOW_RULE_DOCS_COMMAND, code),
    });
  }

  toVscode(uri: vscode.Uri, diagnostics: readonly EditorDiagnostic[]): vscode.Diagnostic[] {
    return diagnostics.map((d) => {
      const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, d.severity as number as vscode.DiagnosticSeverity);
      diagnostic.source = d.source;
      diagnostic.code = { value: d.code.value, target: this.docsUri(d.code.target) };
      diagnostic.relatedInformation = d.related.map(
        (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(r.range)), r.message),
      );
      return diagnostic;
    });
  }

  private docsUri(target: string): vscode.Uri {
    let uri = this.docsUris.get(target);
    if (uri === undefined) {
      uri = vscode.Uri.parse(target, true);
      this.docsUris.set(target, uri);
    }
    return uri;
  }

  settings(key: string): LintSettings {
    let settings = this.settingsCache.get(key);
    if (!settings) {
      settings = lintSettingsFor(this.documents.get(key)?.uri ?? vscode.Uri.parse(key));
      this.settingsCache.set(key, settings);
    }
    return settings;
  }

  /**
   * Settings for a file that is not open (Lint Workspace): those of its workspace folder, which
   * is where resource settings come from. One lookup per folder, not one per file, and no cache
   * entry left behind per file.
   */
  folderSettings(uri: vscode.Uri): LintSettings {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder === undefined ? this.settings(uri.toString()) : this.settings(folder.uri.toString());
  }

  private open(document: vscode.TextDocument): void {
    if (!isLintable(document)) return;
    const key = document.uri.toString();
    this.documents.set(key, document);
    this.linter.open(key, document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.path);
  }

  private close(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.documents.has(key)) return;
    this.linter.close(key);
    this.documents.delete(key);
    this.settingsCache.delete(key);
  }

  private change(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return; // Dirty-state-only events carry no edits.
    const key = event.document.uri.toString();
    if (!this.documents.has(key)) return;
    this.linter.change(
      key,
      event.contentChanges.map((c) => ({
        range: {
          start: { line: c.range.start.line, column: c.range.start.character },
          end: { line: c.range.end.line, column: c.range.end.character },
        },
        newText: c.text,
      })),
    );
  }

  private publish(key: string, diagnostics: readonly Diagnostic[]): void {
    const document = this.documents.get(key);
    if (!document) return;
    this.collection.set(document.uri, this.toVscode(document.uri, this.convert(key, diagnostics)));
  }
}

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.column, range.end.line, range.end.column);
}
