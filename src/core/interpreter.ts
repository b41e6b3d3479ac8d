// Chooses the Python interpreter that runs an app: an explicit path, THREADLIT_PYTHON, a
// virtual environment beside the app (or in a parent folder), then PATH.

import { dirname, isAbsolute, resolve } from 'node:path';
import { isFile, pathInterpreterNames, venvPythonPaths, which } from './platform';

export type InterpreterSource = 'option' | 'env' | 'venv' | 'path';

export interface Interpreter {
  /** What to pass to spawn: an absolute path, or a bare command name found on PATH. */
  path: string;
  source: InterpreterSource;
}

/** Everything the resolution reads from the outside world, so tests can inject it. */
export interface InterpreterLookup {
  env: NodeJS.ProcessEnv;
  isFile: (path: string) => boolean;
  which: (name: string) => string | undefined;
  windows: boolean;
  cwd: string;
}

export interface ResolveOptions {
  /** `--python`, or the editor's setting. */
  explicit?: string | undefined;
  /** The app file; its folder and the parents are searched for `.venv` / `venv`. */
  appPath: string;
}

/** No interpreter was found; `tried` lists every candidate in order, for the message. */
export class InterpreterNotFoundError extends Error {
  override readonly name = 'InterpreterNotFoundError';
  constructor(
    readonly tried: string[],
    readonly explicitFailed: string | undefined,
  ) {
    super(
      explicitFailed !== undefined
        ? `Python interpreter not found: ${explicitFailed}`
        : `no Python interpreter found (tried: ${tried.join(', ')})`,
    );
  }
}

const VENV_FOLDERS = ['.venv', 'venv'];

export function defaultLookup(): InterpreterLookup {
  return { env: process.env, isFile, which: (name) => which(name), windows: process.platform === 'win32', cwd: process.cwd() };
}

/**
 * Resolves the interpreter. An explicit choice (option or THREADLIT_PYTHON) that does not exist
 * is an error rather than a silent fall-through: the user asked for that one.
 */
export function resolveInterpreter(options: ResolveOptions, lookup: InterpreterLookup = defaultLookup()): Interpreter {
  const tried: string[] = [];

  const pinned: Array<[string | undefined, InterpreterSource, string]> = [
    [options.explicit, 'option', '--python'],
    [lookup.env.THREADLIT_PYTHON, 'env', 'THREADLIT_PYTHON'],
  ];
  for (const [value, source, label] of pinned) {
    if (value === undefined || value.trim() === '') continue;
    const found = findCommand(value, lookup);
    if (found !== undefined) return { path: found, source };
    tried.push(`${label}=${value}`);
    throw new InterpreterNotFoundError(tried, value);
  }

  for (let dir = dirname(resolve(lookup.cwd, options.appPath)); ; dir = dirname(dir)) {
    for (const folder of VENV_FOLDERS) {
      for (const candidate of venvPythonPaths(resolve(dir, folder), lookup.windows)) {
        if (lookup.isFile(candidate)) return { path: candidate, source: 'venv' };
      }
    }
    if (dirname(dir) === dir) break;
  }
  tried.push(`${VENV_FOLDERS.join(' or ')} in the app's folder and its parents`);

  for (const name of pathInterpreterNames(lookup.windows)) {
    const found = lookup.which(name);
    if (found !== undefined) return { path: found, source: 'path' };
    tried.push(`${name} on PATH`);
  }
  throw new InterpreterNotFoundError(tried, undefined);
}

/** A path (anything with a separator) must exist; a bare name is looked up on PATH. */
function findCommand(value: string, lookup: InterpreterLookup): string | undefined {
  const looksLikePath = isAbsolute(value) || value.includes('/') || (lookup.windows && value.includes('\\'));
  if (looksLikePath) {
    const full = resolve(lookup.cwd, value);
    return lookup.isFile(full) ? full : undefined;
  }
  return lookup.which(value);
}
