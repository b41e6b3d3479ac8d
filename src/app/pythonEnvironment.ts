// The VS Code edge of interpreter choice: asks the Python extension for the file's active
// environment, reads `threadlit.pythonPath`, and offers Install Streamlit / Select Interpreter.

import * as vscode from 'vscode';
import { defaultLookup } from '../core/interpreter';
import { which } from '../core/platform';
import { probeInterpreter } from '../core/probe';
import { resolveAppInterpreter, streamlitInstallCommand, type AppInterpreter } from './interpreter';

const PYTHON_EXTENSION_ID = 'ms-python.python';

/** The Python extension's active environment executable for `resource`, or undefined. */
async function pythonExtensionInterpreter(resource: vscode.Uri): Promise<string | undefined> {
  // Checked first so that, without the extension, its API module (and the extension) is never loaded.
  if (vscode.extensions.getExtension(PYTHON_EXTENSION_ID) === undefined) return undefined;
  const { PythonExtension } = await import('@vscode/python-extension');
  const api = await PythonExtension.api();
  const folder = vscode.workspace.getWorkspaceFolder(resource);
  const active = api.environments.getActiveEnvironmentPath(folder?.uri ?? resource);
  const resolved = await api.environments.resolveEnvironment(active);
  return resolved?.executable.uri?.fsPath;
}

export function resolveInterpreterFor(app: vscode.Uri, pythonPathSetting: string | undefined): Promise<AppInterpreter> {
  const lookup = defaultLookup();
  // A relative setting is relative to the workspace folder, as other Python settings are.
  const folder = vscode.workspace.getWorkspaceFolder(app);
  if (folder !== undefined) lookup.cwd = folder.uri.fsPath;
  return resolveAppInterpreter(app.fsPath, { pythonExtension: () => pythonExtensionInterpreter(app), setting: pythonPathSetting, lookup });
}

/** Opens a terminal that installs Streamlit into `python` with pip, or uv when the env has no pip. */
export async function installStreamlit(python: string, cwd: string | undefined): Promise<string> {
  const facts = await probeInterpreter(python);
  const command = streamlitInstallCommand(python, { hasPip: facts.hasPip, uv: which('uv') });
  const terminal = vscode.window.createTerminal({ name: 'Threadlit: Install Streamlit', ...(cwd !== undefined ? { cwd } : {}) });
  terminal.show();
  terminal.sendText(command);
  return command;
}

/** The Python extension's picker when it is installed, else our own setting. */
export async function selectInterpreter(): Promise<void> {
  if (vscode.extensions.getExtension(PYTHON_EXTENSION_ID) !== undefined) {
    await vscode.commands.executeCommand('python.setInterpreter');
    return;
  }
  await vscode.commands.executeCommand('workbench.action.openSettings', 'threadlit.pythonPath');
}
