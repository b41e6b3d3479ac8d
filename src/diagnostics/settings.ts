// The editor's lint settings as one validated, immutable value (pure; read through a getter).
import { isSeverityLevel, type SeverityLevel } from './severity';

export type LintRun = 'onType' | 'onSave' | 'off';

export interface LintSettings {
  readonly run: LintRun;
  readonly debounceMs: number;
  readonly maxFileSizeKb: number;
  /** Only the valid overrides from `threadlit.rules.severity`. */
  readonly severity: Readonly<Record<string, SeverityLevel>>;
}

export const DEFAULT_LINT_SETTINGS: LintSettings = {
  run: 'onType',
  debounceMs: 200,
  maxFileSizeKb: 1024,
  severity: {},
};

/**
 * Builds settings from a getter of `threadlit.*` keys (e.g. `WorkspaceConfiguration.get`).
 * Invalid values fall back to the defaults instead of breaking diagnostics.
 */
export function readLintSettings(get: (key: string) => unknown): LintSettings {
  const run = get('lint.run');
  const debounceMs = get('lint.debounceMs');
  const maxFileSizeKb = get('lint.maxFileSizeKb');
  const severity = get('rules.severity');
  return {
    run: run === 'onType' || run === 'onSave' || run === 'off' ? run : DEFAULT_LINT_SETTINGS.run,
    debounceMs: isNonNegative(debounceMs) ? debounceMs : DEFAULT_LINT_SETTINGS.debounceMs,
    maxFileSizeKb: isNonNegative(maxFileSizeKb) && maxFileSizeKb > 0 ? maxFileSizeKb : DEFAULT_LINT_SETTINGS.maxFileSizeKb,
    severity: severityOverrides(severity),
  };
}

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function severityOverrides(value: unknown): Record<string, SeverityLevel> {
  const result: Record<string, SeverityLevel> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [code, level] of Object.entries(value)) {
      if (isSeverityLevel(level)) result[code.toUpperCase()] = level;
    }
  }
  return result;
}

/** True when a file of `byteLength` bytes is too large to check under `settings`. */
export function isTooLarge(byteLength: number, settings: Pick<LintSettings, 'maxFileSizeKb'>): boolean {
  return byteLength > settings.maxFileSizeKb * 1024;
}
