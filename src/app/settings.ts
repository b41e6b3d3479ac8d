// Run App's settings as one validated value (pure; read through a getter of `threadlit.*` keys).

import { isAbsolute, resolve } from 'node:path';
import { parsePreviewTransport, type PreviewTransport } from '../preview/transport';

export type PreviewColumn = 'beside' | 'active';

export interface RunAppSettings {
  readonly pythonPath: string | undefined;
  readonly streamlitArgs: readonly string[];
  /** As written; see `appCwd` for the folder actually used. */
  readonly cwd: string | undefined;
  readonly stopWhenPreviewCloses: boolean;
  readonly previewColumn: PreviewColumn;
  readonly fastReruns: boolean;
  /** `threadlit.preview.transport`; iframe by default for now (docs/run-app.md). */
  readonly previewTransport: PreviewTransport;
}

export function readRunAppSettings(get: (key: string) => unknown): RunAppSettings {
  const pythonPath = get('pythonPath');
  const args = get('streamlitArgs');
  const cwd = get('cwd');
  const stop = get('stopWhenPreviewCloses');
  const column = get('preview.column');
  const fast = get('fastReruns');
  const transport = get('preview.transport');
  return {
    pythonPath: typeof pythonPath === 'string' && pythonPath.trim() !== '' ? pythonPath.trim() : undefined,
    streamlitArgs: Array.isArray(args) ? args.filter((a): a is string => typeof a === 'string') : [],
    cwd: typeof cwd === 'string' && cwd.trim() !== '' ? cwd.trim() : undefined,
    stopWhenPreviewCloses: typeof stop === 'boolean' ? stop : true,
    previewColumn: column === 'active' ? 'active' : 'beside',
    fastReruns: typeof fast === 'boolean' ? fast : true,
    previewTransport: parsePreviewTransport(transport),
  };
}

/**
 * The runtime's working directory: `threadlit.cwd` (with `${workspaceFolder}`, or relative to
 * the workspace folder), else the file's workspace folder, else the app's own folder.
 */
export function appCwd(setting: string | undefined, workspaceFolder: string | undefined, appFolder: string): string {
  const base = workspaceFolder ?? appFolder;
  if (setting === undefined) return base;
  const expanded = setting.replace(/\$\{workspaceFolder\}/g, base).replace(/\$\{fileDirname\}/g, appFolder);
  return isAbsolute(expanded) ? expanded : resolve(base, expanded);
}
