// Every error a user can hit when running an app, turned into one message that names the fix.
// The runtime reports its errors by stable code; the host adds what only it knows (the
// interpreter path, the command-line option to change).

import type { ErrorEvent } from '../protocol/runtime';
import type { InterpreterNotFoundError } from './interpreter';
import type { RuntimeExit } from './runtimeProcess';

/** What the message builders may mention: the interpreter and the option names of the caller. */
export interface MessageContext {
  python: string;
  /** False when the interpreter has no pip module (a `--without-pip` or uv venv). */
  hasPip?: boolean | undefined;
  /** `python -c` output of sys.version_info[:2], when probed after a failed start, e.g. "3.8". */
  pythonVersion?: string | undefined;
}

export const MIN_PYTHON = [3, 10] as const;

export function interpreterNotFoundMessage(err: InterpreterNotFoundError): string {
  if (err.explicitFailed !== undefined) {
    return `Python interpreter not found: ${err.explicitFailed}\nFix: pass an existing interpreter with --python PATH, or correct THREADLIT_PYTHON.`;
  }
  return [
    'No Python interpreter found. Tried, in order:',
    ...err.tried.map((t) => `  - ${t}`),
    'Fix: install Python 3.10 or newer, create a .venv next to your app, or pass --python PATH (or set THREADLIT_PYTHON).',
  ].join('\n');
}

/** The command that installs Streamlit into this interpreter, exactly as the user should type it. */
export function installCommand(python: string, upgrade = false): string {
  return `${quote(python)} -m pip install ${upgrade ? '--upgrade ' : ''}streamlit`;
}

/**
 * Builds the message for a runtime `error` event. The runtime's messages already name their fix
 * (file:line for syntax errors, the port, the upgrade command); the host rewrites only what it
 * knows better: the interpreter path as the user gave it, and whether that environment has pip.
 */
export function runtimeErrorMessage(event: Pick<ErrorEvent, 'code' | 'message'>, ctx: MessageContext): string {
  const code: string = event.code;
  const text = event.message.trim();
  switch (code) {
    case 'streamlit-missing':
      return [
        `Streamlit is not installed for ${ctx.python}.`,
        'Install it with:',
        `  ${installCommand(ctx.python)}`,
        ...(ctx.hasPip === false
          ? [
              'This environment has no pip. Add it first with:',
              `  ${quote(ctx.python)} -m ensurepip`,
              `or install with uv: uv pip install --python ${quote(ctx.python)} streamlit`,
            ]
          : []),
      ].join('\n');
    case 'internal':
      return `Threadlit's runtime failed: ${text}\nThis is a bug in Threadlit; please report it with the output above.`;
    default:
      return text;
  }
}

/**
 * Explains an exit that the host did not ask for. The runtime's own `error` event wins; without
 * one, the cause is a crash or an interpreter that could not even start the runtime.
 */
export function unexpectedExitMessage(exit: RuntimeExit, ctx: MessageContext): string {
  if (exit.spawnError !== undefined) {
    const code = (exit.spawnError as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not executable' : exit.spawnError.message;
    return `Could not start the Python interpreter ${ctx.python} (${why}).\nFix: pass an existing interpreter with --python PATH, or set THREADLIT_PYTHON.`;
  }
  if (exit.errorEvent !== undefined) return runtimeErrorMessage(exit.errorEvent, ctx);
  if (!exit.spokeProtocol && ctx.pythonVersion !== undefined && isTooOld(ctx.pythonVersion)) {
    return `${ctx.python} is Python ${ctx.pythonVersion}; Threadlit needs Python ${MIN_PYTHON.join('.')} or newer.\nFix: pass a newer interpreter with --python PATH, or create a .venv with Python ${MIN_PYTHON.join('.')}+ next to your app.`;
  }
  const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
  const what = exit.spokeProtocol ? 'The runtime crashed' : `The runtime could not start with ${ctx.python}`;
  const tail = exit.stderrTail.length > 0 ? ['Last lines of its output:', ...exit.stderrTail.map((l) => `  ${l}`)] : ['It wrote nothing on stderr.'];
  return [`${what}: it ${how}.`, ...tail].join('\n');
}

/** True for a "major.minor" older than MIN_PYTHON. */
export function isTooOld(version: string): boolean {
  const [major, minor] = version.split('.').map((n) => Number.parseInt(n, 10));
  if (major === undefined || Number.isNaN(major)) return false;
  return major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && (minor ?? 0) < MIN_PYTHON[1]);
}

/** Quotes a path for a POSIX or Windows shell only when it needs it. */
function quote(path: string): string {
  return /^[\w@%+=:,./\\-]+$/.test(path) ? path : `"${path}"`;
}
