// `--format text`: one `path:line:col: CODE message` line per finding (1-based), then a summary.
import type { LintReport } from '../report';
import { slashPath } from '../report';

export function formatText(report: LintReport): string {
  const lines: string[] = [];
  let found = 0;
  let fixable = 0;
  let fixed = 0;
  let withFindings = 0;
  let checked = 0;
  for (const { file, diagnostics, fixed: fixedHere, error } of report.files) {
    if (error === undefined) checked++;
    fixed += fixedHere;
    if (diagnostics.length > 0) withFindings++;
    for (const d of diagnostics) {
      found++;
      if (d.fix) fixable++;
      lines.push(`${slashPath(file.displayPath)}:${d.range.start.line + 1}:${d.range.start.column + 1}: ${d.code} ${d.message}`);
    }
  }
  if (fixed > 0) lines.push(`Fixed ${plural(fixed, 'problem')}.`);
  if (found === 0) {
    lines.push(`No problems found in ${plural(checked, 'file')}.`);
  } else {
    const hint = fixable > 0 ? ` (${fixable} fixable with --fix)` : '';
    lines.push(`Found ${plural(found, 'problem')} in ${plural(withFindings, 'file')}${hint}.`);
  }
  return lines.join('\n') + '\n';
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
