// `threadlit run app.py`: runs a Streamlit app under the thread-context monitor, prints its URL
// and each monitor event as it happens, forwards the app's output, and stops it all on Ctrl-C.

import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { explainExit } from '../core/explain';
import { formatMonitorEvent, monitorKey } from '../core/format';
import { InterpreterNotFoundError, resolveInterpreter, type Interpreter } from '../core/interpreter';
import { interpreterNotFoundMessage } from '../core/messages';
import type { RuntimeEvent } from '../protocol/runtime';
import { RuntimeProcess } from '../core/runtimeProcess';
import { runtimeDir } from '../core/runtimeDir';
import { formatOptions, parseArgs, UsageError, type OptionSpecs } from './args';

/** Interpreter and server options that `run` and `check --run` share. */
export const HOST_OPTIONS = {
  python: { kind: 'string', valueName: 'PATH', description: 'Python interpreter (default: THREADLIT_PYTHON, a .venv, then PATH)' },
  port: { kind: 'string', valueName: 'N', description: 'serve on this port (default: a free one)' },
} as const satisfies OptionSpecs;

const RUN_OPTIONS = {
  ...HOST_OPTIONS,
  'no-monitor': { kind: 'boolean', description: 'run without the thread-context monitor' },
  'fast-reruns': { kind: 'boolean', description: 'skip the post-script GC and set TCP_NODELAY (faster local reruns)' },
  help: { kind: 'boolean', short: 'h', description: 'show this help' },
} as const satisfies OptionSpecs;

const RUN_USAGE = `usage: threadlit run app.py [options] [-- streamlit flags]

Runs a Streamlit app on 127.0.0.1 under Threadlit's thread-context monitor.

options:
${formatOptions(RUN_OPTIONS)}

Exit status: 0 after Ctrl-C or when the app's server stops, 2 if the app could not run.`;

export async function runCommand(args: string[]): Promise<number> {
  const { own, passthrough } = splitPassthrough(args);
  let app: string;
  let port: number | undefined;
  let options: ReturnType<typeof parseArgs<typeof RUN_OPTIONS>>['options'];
  try {
    const parsed = parseArgs(own, RUN_OPTIONS);
    options = parsed.options;
    if (options.help) {
      process.stdout.write(RUN_USAGE + '\n');
      return 0;
    }
    port = parsePort(options.port);
    app = resolveApp(parsed.positionals);
  } catch (err) {
    return reportSetupError(err, 'run');
  }
  const interpreter = interpreterOrReport(options.python, app);
  const dir = runtimeDirOrReport();
  if (interpreter === undefined || dir === undefined) return 2;

  const runtime = new RuntimeProcess({
    python: interpreter.path,
    runtimeDir: dir,
    app,
    port,
    monitor: !options['no-monitor'],
    fastReruns: options['fast-reruns'],
    streamlitArgs: passthrough,
  });
  const cwd = process.cwd();
  const prefix = `[${basename(app)}] `;
  const seen = new Map<string, { count: number; outcome: string }>();

  runtime.onReady((ready) => {
    const notes = [`Streamlit ${ready.streamlitVersion}`, `Python ${ready.pythonVersion}`];
    if (ready.monitor === false) notes.push('monitor off');
    process.stdout.write(`Threadlit: ${basename(app)} is running at ${ready.url} (${notes.join(', ')})\nPress Ctrl-C to stop.\n`);
  });
  runtime.onMonitor((event) => {
    // The runtime re-sends an event as its count grows or its outcome changes; print only news.
    const key = monitorKey(event);
    const previous = seen.get(key);
    if (previous !== undefined && event.count <= previous.count && event.outcome === previous.outcome) return;
    seen.set(key, { count: event.count, outcome: event.outcome });
    process.stdout.write(`${event.severity}: ${formatMonitorEvent(event, cwd)}\n`);
  });
  runtime.onEvent((event) => reportNotice(event));
  runtime.onStderr((line) => process.stderr.write(prefix + line + '\n'));
  runtime.onProtocolError((error) => process.stderr.write(`threadlit: ignored a bad line from the runtime (${error.detail}): ${error.excerpt}\n`));

  // The first Ctrl-C or SIGTERM stops the runtime in order; a second one kills it at once.
  let signals = 0;
  const stop = (): void => {
    if (signals++ === 0) void runtime.stop();
    else runtime.forceKill();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  try {
    runtime.start();
    const exit = await runtime.whenExited;
    // Stopped on request, or the server shut down cleanly on its own: nothing to explain.
    const clean = exit.errorEvent === undefined && exit.spawnError === undefined;
    if (clean && (exit.requested || (exit.code === 0 && exit.exitEvent !== undefined))) return 0;
    process.stderr.write(`threadlit: ${await explainExit(exit, interpreter.path)}\n`);
    return 2;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.off('SIGHUP', stop);
  }
}

// ---- shared with `threadlit check --run` -----------------------------------------------

/** Writes the runtime's non-fatal news to stderr: warnings (overridden flags, monitor off). */
export function reportNotice(event: RuntimeEvent): void {
  if (event.type === 'error' && event.fatal === false) process.stderr.write(`threadlit: ${event.message}\n`);
  if (event.type === 'log' && (event.level === 'warning' || event.level === 'error')) {
    process.stderr.write(`threadlit: ${event.level}: ${event.message}\n`);
  }
}

/** Splits at the first `--`: ours before it, Streamlit's after it. */
export function splitPassthrough(argv: readonly string[]): { own: string[]; passthrough: string[] } {
  const at = argv.indexOf('--');
  return at === -1 ? { own: [...argv], passthrough: [] } : { own: argv.slice(0, at), passthrough: argv.slice(at + 1) };
}

export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    throw new UsageError(`--port must be a number from 1 to 65535 (got '${value}')`);
  }
  return Number(value);
}

/** The one app file, as an absolute path. A missing file is reported before Python starts. */
export function resolveApp(positionals: readonly string[]): string {
  const [app, ...extra] = positionals;
  if (app === undefined) throw new UsageError('the app file is missing');
  if (extra.length > 0) throw new UsageError(`only one app file is expected, got: ${positionals.join(' ')} (Streamlit flags go after '--')`);
  const full = resolve(app);
  if (!existsSync(full)) throw new AppFileError(`The app file ${app} does not exist. Check the path, or run from the app's folder.`);
  if (!statSync(full).isFile()) throw new AppFileError(`The app file ${app} is a folder, not a file. Pass the app's .py file.`);
  return full;
}

/** The app file is missing or not a file. */
export class AppFileError extends Error {
  override readonly name = 'AppFileError';
}

/** Writes a usage or app-file error and returns exit code 2; rethrows anything else. */
export function reportSetupError(err: unknown, command: string): number {
  if (err instanceof UsageError) {
    process.stderr.write(`threadlit ${command}: ${err.message}\nRun 'threadlit ${command} --help' for usage.\n`);
    return 2;
  }
  if (err instanceof AppFileError) {
    process.stderr.write(`threadlit: ${err.message}\n`);
    return 2;
  }
  throw err;
}

/** Finds Threadlit's Python runtime folder, or writes that the installation is incomplete. */
export function runtimeDirOrReport(): string | undefined {
  try {
    return runtimeDir();
  } catch (err) {
    process.stderr.write(`threadlit: ${(err as Error).message}\n`);
    return undefined;
  }
}

/** Resolves the interpreter, or writes why not (every candidate tried) and returns undefined. */
export function interpreterOrReport(explicit: string | undefined, app: string): Interpreter | undefined {
  try {
    return resolveInterpreter({ explicit, appPath: app });
  } catch (err) {
    if (!(err instanceof InterpreterNotFoundError)) throw err;
    process.stderr.write(`threadlit: ${interpreterNotFoundMessage(err)}\n`);
    return undefined;
  }
}
