// Maps rule codes to editor severities from the `threadlit.rules.severity` setting (pure).
import type { Severity } from '../analyzer/types';

/** A severity a user can pick per rule; `off` hides the rule in the editor. */
export type SeverityLevel = 'error' | 'warning' | 'information' | 'hint' | 'off';

export const SEVERITY_LEVELS: readonly SeverityLevel[] = ['error', 'warning', 'information', 'hint', 'off'];

/** The setting's defaults; a race (TL003) is an error, the rest are warnings. */
export const DEFAULT_RULE_SEVERITY: Readonly<Record<string, SeverityLevel>> = {
  TL001: 'warning',
  TL002: 'warning',
  TL003: 'error',
  TL004: 'warning',
};

/**
 * `vscode.DiagnosticSeverity` values, repeated here so this module needs no `vscode` import.
 * **Invariant:** these equal the enum's numbers (Error 0, Warning 1, Information 2, Hint 3).
 */
export const EditorSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 } as const;
export type EditorSeverity = (typeof EditorSeverity)[keyof typeof EditorSeverity];

export function isSeverityLevel(value: unknown): value is SeverityLevel {
  return typeof value === 'string' && (SEVERITY_LEVELS as readonly string[]).includes(value);
}

/**
 * The level for `code`: the user's override if valid, else the default, else the analyzer's own
 * severity (rules added after this table was written still show up).
 */
export function ruleSeverity(code: string, overrides: Readonly<Record<string, SeverityLevel>>, analyzerSeverity: Severity): SeverityLevel {
  return overrides[code] ?? DEFAULT_RULE_SEVERITY[code] ?? (analyzerSeverity === 'info' ? 'information' : analyzerSeverity);
}

/** `undefined` for `off`: the diagnostic is not published. */
export function toEditorSeverity(level: SeverityLevel): EditorSeverity | undefined {
  switch (level) {
    case 'error':
      return EditorSeverity.Error;
    case 'warning':
      return EditorSeverity.Warning;
    case 'information':
      return EditorSeverity.Information;
    case 'hint':
      return EditorSeverity.Hint;
    case 'off':
      return undefined;
  }
}
