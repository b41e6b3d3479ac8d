// `threadlit lint [paths...]`: checks Python files and prints findings as text, JSON or SARIF.
//
// Exit status: 0 clean, 1 findings, 2 on any usage, config or I/O error (even with findings).
// After --fix the status reflects what remains.
import { UsageError } from './args';
import type { CheckOutcome } from './lint/check-file';
import { ConfigError, ConfigLoader } from './lint/config';
import { discoverFiles } from './lint/discover';
import { formatJson } from './lint/format/json';
import { formatSarif } from './lint/format/sarif';
import { formatText } from './lint/format/text';
import { compileExclude } from './lint/glob';
import { LINT_USAGE, parseLintArgs, type LintRequest, type OutputFormat } from './lint/options';
import type { FileReport, LintReport } from './lint/report';
import { isLintWorker, serveLintWorker } from './lint/pool';
import { checkJobsHere, ParserLoadError, runChecks } from './lint/runner';

const FORMATTERS: Record<OutputFormat, (report: LintReport) => string> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
};

export async function lintCommand(args: string[]): Promise<number> {
  // Big runs re-enter here in worker threads (see lint/pool.ts).
  if (isLintWorker()) {
    await serveLintWorker(checkJobsHere);
    return 0;
  }
  let request: LintRequest;
  try {
    request = parseLintArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`threadlit lint: ${err.message}\nRun 'threadlit lint --help' for usage.\n`);
    return 2;
  }
  if (request.help) {
    process.stdout.write(LINT_USAGE + '\n');
    return 0;
  }

  let errors = 0;
  const reportError = (message: string) => {
    errors++;
    process.stderr.write(`threadlit lint: ${message}\n`);
  };

  const cwd = process.cwd();
  let report: LintReport;
  try {
    const files = discoverFiles(request.paths, {
      cwd,
      select: request.select,
      ignore: request.ignore,
      exclude: request.exclude.map((glob) => compileExclude(glob, cwd)),
      configs: new ConfigLoader(),
      onError: reportError,
    });
    files.sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
    const outcomes = await runChecks(files, {
      fix: request.fix,
      noSkip: request.noSkip,
      onWarning: (message) => process.stderr.write(`threadlit lint: warning: ${message}\n`),
    });
    report = { cwd, files: files.map((file, i): FileReport => ({ file, ...(outcomes[i] as CheckOutcome) })) };
  } catch (err) {
    if (!(err instanceof ConfigError || err instanceof ParserLoadError)) throw err;
    reportError(err.message);
    return 2;
  }

  for (const { file, error } of report.files) if (error !== undefined) reportError(`${file.displayPath}: ${error}`);
  process.stdout.write(FORMATTERS[request.format](report));

  if (errors > 0) return 2;
  return report.files.some((f) => f.diagnostics.length > 0) ? 1 : 0;
}
