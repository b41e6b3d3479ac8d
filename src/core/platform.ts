// Every difference between operating systems that the runtime host cares about, in one place:
// interpreter names, venv layout, PATH lookup, process groups and process-tree kill.

import { spawnSync, type SpawnOptions } from 'node:child_process';
import { statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const isWindows = process.platform === 'win32';

/** Interpreter paths inside a virtual environment folder, most likely first. */
export function venvPythonPaths(venvDir: string, windows = isWindows): string[] {
  return windows ? [join(venvDir, 'Scripts', 'python.exe')] : [join(venvDir, 'bin', 'python'), join(venvDir, 'bin', 'python3')];
}

/** Command names to look up on PATH when nothing more specific is configured. */
export function pathInterpreterNames(windows = isWindows): string[] {
  // `py` is the Windows launcher; it is the only name some Windows installs put on PATH.
  return windows ? ['python', 'python3', 'py'] : ['python3', 'python'];
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Finds an executable on PATH the way a shell would, or undefined. */
export function which(name: string, env: NodeJS.ProcessEnv = process.env, windows = isWindows, exists = isFile): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(windows ? ';' : delimiter).filter((d) => d.length > 0);
  const exts = windows ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').map((e) => e.toLowerCase())] : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      if (exists(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Spawn options that make the child the leader of its own process group on POSIX, so that the
 * whole tree (the runtime plus anything the app started) can be killed with one signal, and so
 * that a Ctrl-C in the terminal reaches only the host, which then stops the runtime in order.
 */
export function groupSpawnOptions(windows = isWindows): Pick<SpawnOptions, 'detached' | 'windowsHide'> {
  // On Windows `detached` would open a new console window; taskkill /T walks the tree instead.
  return windows ? { detached: false, windowsHide: true } : { detached: true };
}

/** Kills a process group leader and all its group (POSIX) or tree (Windows). Never throws. */
export function killTree(pid: number, signal: NodeJS.Signals = 'SIGKILL', windows = isWindows): void {
  if (windows) {
    spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    return;
  }
  try {
    // A negative pid addresses the process group that the child leads (see groupSpawnOptions).
    // No fallback to the bare pid: once the group is empty that pid may belong to someone else.
    process.kill(-pid, signal);
  } catch {
    // The group is already empty.
  }
}
