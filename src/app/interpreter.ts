// Chooses the interpreter for Run App in the editor: the Python extension's active environment,
// then `threadlit.pythonPath`, then the core's resolution (.venv beside the app, PATH). Pure:
// every source is an injected provider, so the order is unit-tested without VS Code.

import { InterpreterNotFoundError, resolveInterpreter, type InterpreterLookup } from '../core/interpreter';

export type AppInterpreterSource = 'python-extension' | 'setting' | 'env' | 'venv' | 'path';

export interface AppInterpreter {
  path: string;
  source: AppInterpreterSource;
}

export interface InterpreterProviders {
  /** The Python extension's active environment executable for the file, or undefined (not installed, none chosen). */
  pythonExtension: () => Promise<string | undefined>;
  /** `threadlit.pythonPath` for the file, as written (may be empty). */
  setting: string | undefined;
  /** File system and PATH access for the core's resolution. */
  lookup: InterpreterLookup;
}

/** `threadlit.pythonPath` names an interpreter that does not exist. */
export class PythonPathSettingError extends Error {
  override readonly name = 'PythonPathSettingError';
  constructor(readonly value: string) {
    super(`threadlit.pythonPath is set to "${value}", which is not an existing interpreter.`);
  }
}

export async function resolveAppInterpreter(appPath: string, providers: InterpreterProviders): Promise<AppInterpreter> {
  // The extension's choice is what the user picked with "Python: Select Interpreter"; an API
  // failure (extension missing or broken) must not block running the app.
  const fromExtension = await providers.pythonExtension().catch(() => undefined);
  if (fromExtension !== undefined && fromExtension !== '' && providers.lookup.isFile(fromExtension)) {
    return { path: fromExtension, source: 'python-extension' };
  }
  const setting = providers.setting?.trim();
  if (setting !== undefined && setting !== '') {
    try {
      return { path: resolveInterpreter({ explicit: setting, appPath }, providers.lookup).path, source: 'setting' };
    } catch (err) {
      if (err instanceof InterpreterNotFoundError) throw new PythonPathSettingError(setting);
      throw err;
    }
  }
  const found = resolveInterpreter({ appPath }, providers.lookup);
  // The core's "option" source cannot occur here: no explicit value was passed.
  return { path: found.path, source: found.source === 'option' ? 'setting' : found.source };
}

/**
 * The command that installs Streamlit into `python`. An environment without pip (made by uv, or
 * `venv --without-pip`) gets uv's command when uv is on PATH, otherwise pip is bootstrapped first.
 */
export function streamlitInstallCommand(python: string, facts: { hasPip: boolean | undefined; uv: string | undefined }): string {
  const py = shellQuote(python);
  if (facts.hasPip === false) {
    if (facts.uv !== undefined) return `${shellQuote(facts.uv)} pip install --python ${py} streamlit`;
    return `${py} -m ensurepip --upgrade && ${py} -m pip install streamlit`;
  }
  return `${py} -m pip install streamlit`;
}

/** Quotes for POSIX shells and PowerShell alike, only when needed. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./\\-]+$/.test(value) ? value : `"${value.replace(/"/g, '\\"')}"`;
}
