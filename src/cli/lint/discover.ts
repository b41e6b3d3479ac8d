// Expands the command line's paths into the Python files to check, each with its settings.
//
// Folders are searched for `*.py`, passing over tool and environment folders; a file named
// on the command line is checked whatever its extension. Exclude globs (the command line's
// and the config's) apply to both. Missing or unreadable paths are reported, not fatal.
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { ConfigLoader, ProjectConfig } from './config';
import { isExcluded, type ExcludePattern } from './glob';
import { RuleSelection, type Selector } from './selection';
import { errorMessage } from '../../core/errorMessage';

/** Folders never searched unless named on the command line (ruff passes over the same kind). */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  '.git', '.hg', '.svn', '.venv', 'venv', '.tox', '.nox', 'node_modules', '__pycache__',
  '.mypy_cache', '.pytest_cache', '.ruff_cache', '__pypackages__', 'site-packages',
]);

export interface LintFile {
  absPath: string;
  /** Relative to the cwd, as printed in reports. */
  displayPath: string;
  selection: RuleSelection;
}

export interface DiscoverOptions {
  cwd: string;
  /** From --select; empty means "use the config's select, or every rule". */
  select: readonly Selector[];
  ignore: readonly Selector[];
  /** From --exclude, relative to the cwd. */
  exclude: readonly ExcludePattern[];
  configs: ConfigLoader;
  /** Called for each path that cannot be read; discovery goes on. */
  onError: (message: string) => void;
}

export function discoverFiles(paths: readonly string[], options: DiscoverOptions): LintFile[] {
  const found = new Map<string, LintFile>();
  const selections = new Map<string, RuleSelection>();

  const selectionFor = (config: ProjectConfig | null): RuleSelection => {
    const select = options.select.length > 0 ? options.select : (config?.select ?? []);
    const ignore = [...(config?.ignore ?? []), ...options.ignore];
    const key = `${select.join(',')}|${ignore.join(',')}`;
    let selection = selections.get(key);
    if (!selection) selections.set(key, (selection = new RuleSelection(select, ignore)));
    return selection;
  };
  const excluded = (absPath: string, config: ProjectConfig | null) =>
    isExcluded(absPath, options.exclude) || (config !== null && isExcluded(absPath, config.exclude));
  const add = (absPath: string, config: ProjectConfig | null) => {
    if (found.has(absPath)) return;
    found.set(absPath, { absPath, displayPath: relative(options.cwd, absPath) || absPath, selection: selectionFor(config) });
  };

  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      options.onError(`${relative(options.cwd, dir) || '.'}: cannot read folder: ${describeFsError(err)}`);
      return;
    }
    const config = options.configs.forDirectory(dir);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = join(dir, entry.name);
      // Symlinked folders are not followed, so a link cycle cannot trap the walk.
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !excluded(child, config)) walk(child);
      } else if (entry.name.endsWith('.py') && (entry.isFile() || isFileLink(entry, child))) {
        if (!excluded(child, config)) add(child, config);
      }
    }
  };

  for (const path of paths) {
    const absPath = resolve(options.cwd, path);
    let isDir: boolean;
    try {
      isDir = statSync(absPath).isDirectory();
    } catch (err) {
      options.onError(`${path}: ${describeFsError(err)}`);
      continue;
    }
    const config = options.configs.forDirectory(isDir ? absPath : dirname(absPath));
    if (excluded(absPath, config)) continue;
    if (isDir) walk(absPath);
    else add(absPath, config);
  }
  return [...found.values()];
}

function isFileLink(entry: Dirent, path: string): boolean {
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Turns a Node fs error into a short human message. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return errorMessage(err);
}
