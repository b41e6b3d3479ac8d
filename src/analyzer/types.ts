// Public types of the analyzer. Shared by the CLI, the extension and the tests; no `vscode`.
//
// Positions: `line` is 0-based, `column` is 0-based in UTF-16 code units (what VS Code
// wants). The CLI, JSON and SARIF outputs add 1 to both.

export type RuleCode = 'TL001' | 'TL002' | 'TL003' | 'TL004';

export type Severity = 'error' | 'warning' | 'info';

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based column in UTF-16 code units. */
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Another place in the same file that explains a diagnostic, e.g. where the thread is started. */
export interface RelatedLocation {
  range: Range;
  message: string;
}

/** Replace `range` with `newText`; an empty range inserts. */
export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  /** Short imperative title, e.g. "Attach the script thread's context before start()". */
  title: string;
  /** Non-overlapping edits against the analyzed source. */
  edits: TextEdit[];
}

export interface Diagnostic {
  code: RuleCode;
  severity: Severity;
  message: string;
  range: Range;
  related: RelatedLocation[];
  fix?: Fix;
}
