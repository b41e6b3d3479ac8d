// `threadlit check app.py`: the static lint of one app; with `--run`, runs the app once in a real
// server session and reports what the thread-context monitor saw.

import type { MonitorEvent } from '../protocol/runtime';
import { checkRun, type CheckRunResult } from '../core/checkRun';
import { formatMonitorEvent } from '../core/format';
import { formatOptions, parseArgs, UsageError, type OptionSpecs } from './args';
import { HOST_OPTIONS, interpreterOrReport, parsePort, reportNotice, reportSetupError, resolveApp, runtimeDirOrReport, splitPassthrough } from './run';

const CHECK_OPTIONS = {
  run: { kind: 'boolean', description: 'run the app once in a real session instead of linting it' },
  ...HOST_OPTIONS,
  json: { kind: 'boolean', description: 'print the result as JSON' },
  timeout: { kind: 'string', valueName: 'S', description: "seconds for the first run and its threads to end (default 10)" },
  help: { kind: 'boolean', short: 'h', description: 'show this help' },
} as const satisfies OptionSpecs;

const CHECK_USAGE = `usage: threadlit check app.py [lint options]
       threadlit check --run app.py [options] [-- streamlit flags]

Without --run: the static lint of one file (same options as 'threadlit lint').
With --run: runs the app's first run for one headless session, waits for the threads it
started to end (or the timeout), and prints the monitor's events.

options with --run:
${formatOptions(CHECK_OPTIONS)}

Exit status: 0 no event, 1 an event of severity warning or error, 2 the app could not run.`;

const DEFAULT_TIMEOUT_S = 10;

export async function checkCommand(args: string[]): Promise<number> {
  const { own, passthrough } = splitPassthrough(args);
  if (own.includes('-h') || own.includes('--help')) {
    process.stdout.write(CHECK_USAGE + '\n');
    return 0;
  }
  // The lint owns every option except --run, so without --run the arguments pass through as is.
  if (!own.includes('--run')) {
    const { lintCommand } = await import('./lint');
    return lintCommand(args);
  }

  let app: string;
  let port: number | undefined;
  let timeoutS: number;
  let options: ReturnType<typeof parseArgs<typeof CHECK_OPTIONS>>['options'];
  try {
    const parsed = parseArgs(own, CHECK_OPTIONS);
    options = parsed.options;
    port = parsePort(options.port);
    timeoutS = parseTimeout(options.timeout);
    app = resolveApp(parsed.positionals);
  } catch (err) {
    return reportSetupError(err, 'check');
  }
  const interpreter = interpreterOrReport(options.python, app);
  const dir = runtimeDirOrReport();
  if (interpreter === undefined || dir === undefined) return 2;

  // Ctrl-C stops the runtime in order (the check then reports that it could not finish).
  let stop: (() => void) | undefined;
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
    stop?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: CheckRunResult;
  try {
    result = await checkRun({
      python: interpreter.path,
      runtimeDir: dir,
      app,
      port,
      streamlitArgs: passthrough,
      timeoutMs: timeoutS * 1000,
      observe: (runtime) => {
        runtime.onEvent(reportNotice);
        stop = () => void runtime.stop();
      },
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  if (interrupted) {
    process.stderr.write('threadlit: check interrupted; the app was stopped.\n');
    return 2;
  }
  if (options.json) process.stdout.write(JSON.stringify(toJson(app, result), null, 2) + '\n');
  else process.stdout.write(formatText(result, timeoutS));
  if (result.failure !== undefined) {
    process.stderr.write(`threadlit: ${result.failure}\n`);
    return 2;
  }
  return exitCode(result.events);
}

/** 1 when any event is a warning or an error, else 0. */
export function exitCode(events: readonly MonitorEvent[]): number {
  return events.some((e) => e.severity === 'warning' || e.severity === 'error') ? 1 : 0;
}

export function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_S;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds (got '${value}')`);
  }
  return seconds;
}

function formatText(result: CheckRunResult, timeoutS: number): string {
  if (result.failure !== undefined && result.ready === undefined) return '';
  const lines = result.events.map((e) => `${e.severity}: ${formatMonitorEvent(e, process.cwd())}`);
  if (result.timedOut) {
    const names = result.lingering.map((t) => t.name).join(', ');
    lines.push(`note: after ${timeoutS} s, ${result.lingering.length} thread(s) the run started were still running: ${names}`);
  }
  const errors = result.events.filter((e) => e.severity === 'error').length;
  const warnings = result.events.filter((e) => e.severity === 'warning').length;
  if (result.failure === undefined) {
    lines.push(result.events.length === 0 ? 'No thread-context problems seen.' : `Found ${plural(errors, 'error')} and ${plural(warnings, 'warning')}.`);
  }
  return lines.map((l) => l + '\n').join('');
}

function toJson(app: string, result: CheckRunResult): object {
  return {
    app,
    ok: result.failure === undefined,
    failure: result.failure ?? null,
    streamlitVersion: result.ready?.streamlitVersion ?? null,
    pythonVersion: result.ready?.pythonVersion ?? null,
    run: result.run ? { session: result.run.session, run: result.run.run, status: result.run.status, duration: result.run.duration } : null,
    timedOut: result.timedOut,
    lingeringThreads: result.lingering.map((t) => ({ name: t.name, id: t.id, daemon: t.daemon })),
    // The wire envelope (`v`, `type`) is the channel's business, not the report's.
    events: result.events.map((e) => {
      const { type: _type, v: _v, ...rest } = e as MonitorEvent & { v?: number };
      return rest;
    }),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
