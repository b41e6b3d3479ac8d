// `--format json`: an array of findings with 1-based lines and UTF-16 columns (see docs/cli.md).
import type { Diagnostic, Range, RuleCode, Severity } from '../../../analyzer';
import type { LintReport } from '../report';
import { slashPath } from '../report';

export interface JsonPosition {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonFinding extends JsonPosition {
  file: string;
  code: RuleCode;
  severity: Severity;
  message: string;
  related: Array<{ file: string; line: number; column: number; message: string }>;
  fix: { title: string; edits: Array<JsonPosition & { newText: string }> } | null;
}

export function toJsonFindings(report: LintReport): JsonFinding[] {
  const findings: JsonFinding[] = [];
  for (const { file, diagnostics } of report.files) {
    const path = slashPath(file.displayPath);
    for (const d of diagnostics) findings.push(toFinding(path, d));
  }
  return findings;
}

export function formatJson(report: LintReport): string {
  return JSON.stringify(toJsonFindings(report), null, 2) + '\n';
}

function toFinding(file: string, d: Diagnostic): JsonFinding {
  return {
    file,
    ...oneBased(d.range),
    code: d.code,
    severity: d.severity,
    message: d.message,
    related: d.related.map((r) => ({ file, line: r.range.start.line + 1, column: r.range.start.column + 1, message: r.message })),
    fix: d.fix ? { title: d.fix.title, edits: d.fix.edits.map((e) => ({ ...oneBased(e.range), newText: e.newText })) } : null,
  };
}

export function oneBased(range: Range): JsonPosition {
  return {
    line: range.start.line + 1,
    column: range.start.column + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.column + 1,
  };
}
