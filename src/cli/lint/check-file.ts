// Checks one file: read, the streamlit fast path, analysis, and --fix rounds with write-back.
//
// Pure of output: returns an outcome that the caller formats, so the same function runs in
// the main thread and in worker threads.
import { writeFileSync } from 'node:fs';
import { applyFixes, mentionsStreamlit, type Analyzer, type Diagnostic, type RuleCode } from '../../analyzer';
import { describeFsError } from './discover';
import { compareDiagnostics } from './report';
import { readSource } from './source';

export interface CheckJob {
  absPath: string;
  displayPath: string;
  /** The rule codes to report. */
  codes: readonly RuleCode[];
  fix: boolean;
  noSkip: boolean;
}

export interface CheckOutcome {
  diagnostics: Diagnostic[];
  fixed: number;
  skipped: boolean;
  error?: string;
}

// Fixes can enable further fixes (or shift each other); ruff also re-runs up to a bound.
const MAX_FIX_ROUNDS = 10;

export async function checkFile(job: CheckJob, getAnalyzer: () => Promise<Analyzer>): Promise<CheckOutcome> {
  const prepared = prepareFile(job);
  if ('outcome' in prepared) return prepared.outcome;
  return analyzeFile(job, prepared.source, await getAnalyzer());
}

export type Prepared = { outcome: CheckOutcome } | { source: { text: string; bom: boolean } };

/** Reads the file and applies the fast path; returns a final outcome when no analysis is needed. */
export function prepareFile(job: CheckJob): Prepared {
  const source = readSource(job.absPath);
  if (!source.ok) return { outcome: { diagnostics: [], fixed: 0, skipped: false, error: source.error } };
  // The fast path: a file that never mentions streamlit cannot have findings, so the parser
  // (and its wasm) is not even loaded for it.
  if (!job.noSkip && !mentionsStreamlit(source.text)) return { outcome: { diagnostics: [], fixed: 0, skipped: true } };
  return { source };
}

/** Analyzes prepared text, applying --fix rounds and writing the result back. */
export function analyzeFile(job: CheckJob, source: { text: string; bom: boolean }, analyzer: Analyzer): CheckOutcome {
  const codes = new Set<string>(job.codes);
  const analyze = (text: string) => analyzer.analyze(text, job.displayPath).filter((d) => codes.has(d.code));

  let text = source.text;
  let diagnostics = analyze(text);
  let fixed = 0;
  if (job.fix) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
      const fixable = diagnostics.filter((d) => d.fix !== undefined).map((d) => withLineEnding(d, eol));
      if (fixable.length === 0) break;
      const result = applyFixes(text, fixable);
      if (result.applied === 0 || result.text === text) break;
      text = result.text;
      fixed += result.applied;
      diagnostics = analyze(text);
    }
    if (text !== source.text) {
      try {
        writeFileSync(job.absPath, (source.bom ? '\ufeff' : '') + text, 'utf8');
      } catch (err) {
        return { diagnostics: diagnostics.sort(compareDiagnostics), fixed: 0, skipped: false, error: `cannot write fixes: ${describeFsError(err)}` };
      }
    }
  }
  return { diagnostics: diagnostics.sort(compareDiagnostics), fixed, skipped: false };
}

/** Fix edits are written with '\n'; keep a CRLF file CRLF. */
function withLineEnding(d: Diagnostic, eol: string): Diagnostic {
  if (eol === '\n' || !d.fix) return d;
  const edits = d.fix.edits.map((e) => ({ ...e, newText: e.newText.replace(/\r?\n/g, eol) }));
  return { ...d, fix: { ...d.fix, edits } };
}
