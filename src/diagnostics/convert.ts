// Turns analyzer diagnostics into editor-ready data (pure: the vscode edge only builds objects).
import type { Diagnostic, Range, RelatedLocation } from '../analyzer/types';
import { ruleSeverity, toEditorSeverity, type EditorSeverity, type SeverityLevel } from './severity';

/** The `source` of every static diagnostic; runtime events use their own collection and source. */
export const STATIC_SOURCE = 'threadlit';

/** A diagnostic as VS Code wants it, without `vscode` types. */
export interface EditorDiagnostic {
  range: Range;
  message: string;
  severity: EditorSeverity;
  source: string;
  code: { value: string; target: string };
  related: RelatedLocation[];
  /** The analyzer diagnostic it came from (quick fixes read its `fix`). */
  origin: Diagnostic;
}

export interface ConvertOptions {
  severity: Readonly<Record<string, SeverityLevel>>;
  /** The link for a rule code (`codeDescription.target`). */
  docsTarget: (code: string) => string;
}

/** Converts and filters: rules set to `off` are dropped. Order is kept. */
export function toEditorDiagnostics(diagnostics: readonly Diagnostic[], options: ConvertOptions): EditorDiagnostic[] {
  const result: EditorDiagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const severity = toEditorSeverity(ruleSeverity(diagnostic.code, options.severity, diagnostic.severity));
    if (severity === undefined) continue;
    result.push({
      range: diagnostic.range,
      message: diagnostic.message,
      severity,
      source: STATIC_SOURCE,
      code: { value: diagnostic.code, target: options.docsTarget(diagnostic.code) },
      related: diagnostic.related.map((r) => ({ range: r.range, message: r.message })),
      origin: diagnostic,
    });
  }
  return result;
}

/** A `command:` link that opens the rule's bundled page (works offline, unlike a web URL). */
export function ruleDocsCommandUri(command: string, code: string): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([code]))}`;
}

/** True when two ranges overlap or touch (a cursor at a diagnostic's edge still gets its fixes). */
export function rangesTouch(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(p: Range['start'], q: Range['start']): boolean {
  return p.line < q.line || (p.line === q.line && p.column < q.column);
}
