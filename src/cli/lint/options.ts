// The `threadlit lint` command line: option table, help text and validation into a request.
import { formatOptions, parseArgs, UsageError } from '../args';
import { parseSelectors, type Selector } from './selection';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const LINT_OPTIONS = {
  format: { kind: 'string', choices: OUTPUT_FORMATS, description: 'output format (default: text)' },
  select: { kind: 'list', valueName: 'CODES', description: 'report only these rule codes or prefixes, e.g. TL001,TL002' },
  ignore: { kind: 'list', valueName: 'CODES', description: 'never report these rule codes or prefixes' },
  exclude: { kind: 'list', valueName: 'GLOBS', description: 'skip files and folders matching these globs' },
  fix: { kind: 'boolean', description: 'apply the mechanical fixes in place, then report what remains' },
  'no-skip': { kind: 'boolean', description: 'analyze every file, even ones that never mention streamlit' },
  help: { kind: 'boolean', short: 'h', description: 'show this help' },
} as const;

export const LINT_USAGE = `usage: threadlit lint [options] [paths...]

Checks Python files (folders are searched for *.py) for Streamlit calls that run in
threads without a ScriptRunContext. With no paths, checks the current folder.

options:
${formatOptions(LINT_OPTIONS)}

Settings can also come from [tool.threadlit] in the nearest pyproject.toml
(select, ignore, exclude). Exit status: 0 clean, 1 findings, 2 usage or I/O error.`;

export interface LintRequest {
  help: boolean;
  paths: string[];
  format: OutputFormat;
  /** Empty when --select was not given, so the config file's select applies. */
  select: Selector[];
  ignore: Selector[];
  exclude: string[];
  fix: boolean;
  noSkip: boolean;
}

/** Parses and validates the arguments; throws `UsageError` on any mistake. */
export function parseLintArgs(argv: readonly string[]): LintRequest {
  const { options, positionals } = parseArgs(argv, LINT_OPTIONS);
  if (positionals.includes('-')) throw new UsageError("reading source from stdin ('-') is not supported; pass file paths");
  return {
    help: options.help,
    paths: positionals.length > 0 ? positionals : ['.'],
    format: (options.format ?? 'text') as OutputFormat,
    select: parseSelectors(options.select, '--select'),
    ignore: parseSelectors(options.ignore, '--ignore'),
    exclude: options.exclude,
    fix: options.fix,
    noSkip: options['no-skip'],
  };
}
