// The result of a lint run, shared by the output formats.
import type { Diagnostic } from '../../analyzer';
import type { LintFile } from './discover';

export interface FileReport {
  file: LintFile;
  /** Sorted by position; only the selected codes; what remains after --fix. */
  diagnostics: Diagnostic[];
  /** Diagnostics removed by --fix in this file. */
  fixed: number;
  /** True when the fast path found no mention of streamlit and did not analyze the file. */
  skipped: boolean;
  /** Why the file could not be checked (read, decode or write failure). */
  error?: string;
}

export interface LintReport {
  /** Folder that paths in the output are relative to. */
  cwd: string;
  files: FileReport[];
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

/** Report paths use '/' on every platform, as SARIF and most tools expect. */
export function slashPath(path: string): string {
  return path.split('\\').join('/');
}
