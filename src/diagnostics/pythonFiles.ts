// Finds the Python files of a folder as VS Code's findFiles would with an explicit exclude:
// every `*.py` below it, dot folders included, symlinks followed, and nothing a files.exclude
// or search.exclude glob matches (including those with a `when` clause, which exclude a file
// only beside a sibling). Runs in the lint worker, never on the extension host.
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { extname, join } from 'node:path';
import picomatch from 'picomatch';
import type { SiblingExclude } from './lintWorkerProtocol';

/** Absolute paths of the Python files below `root`, in a stable (sorted, depth-first) order. */
export function findPythonFiles(root: string, exclude: readonly string[], excludeWhen: readonly SiblingExclude[] = []): string[] {
  // dot: VS Code's globs match dot files and folders like any other name.
  const excluded = exclude.length === 0 ? () => false : picomatch([...exclude], { dot: true });
  const conditional = excludeWhen.map((rule) => ({ matches: picomatch(rule.glob, { dot: true }), when: rule.when }));
  /** A `when` rule excludes a file only if the sibling it names is in the same folder. */
  const besideSibling = (rel: string, name: string, names: ReadonlySet<string>): boolean =>
    conditional.some((rule) => rule.matches(rel) && names.has(rule.when.replaceAll('$(basename)', name.slice(0, name.length - extname(name).length))));
  const found: string[] = [];
  // Real paths of the folders being walked (the current one and its ancestors): a symlink back
  // up the tree must not loop forever, while one to a sibling lists its files again, as
  // ripgrep's --follow does.
  const ancestors = new Set<string>();
  const walk = (dir: string, relative: string): void => {
    let real: string;
    let entries: Dirent[];
    try {
      real = realpathSync(dir);
      if (ancestors.has(real)) return;
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // Unreadable or vanished meanwhile: findFiles skips it too.
    }
    ancestors.add(real);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const names = new Set(entries.map((entry) => entry.name));
    for (const entry of entries) {
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (excluded(rel)) continue;
      const path = join(dir, entry.name);
      const kind = entry.isSymbolicLink() ? kindOf(path) : entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : undefined;
      if (kind === 'dir') walk(path, rel);
      else if (kind === 'file' && entry.name.endsWith('.py') && !besideSibling(rel, entry.name, names)) found.push(path);
    }
    ancestors.delete(real);
  };
  walk(root, '');
  return found;
}

/** What a symlink points at; a dangling link is nothing. */
function kindOf(path: string): 'dir' | 'file' | undefined {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}
