// Finds the folder that holds the Python package `threadlit_runtime`, both from the bundle
// (dist/cli.js, dist/extension.js) and from the TypeScript sources run by tsx.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Walks up from `start` (this module's folder by default) to the first `runtime/` folder that
 * contains `threadlit_runtime/__main__.py`. The bundle lives one level below the repository or
 * extension root, the sources two or three levels; walking up covers both without assumptions.
 */
export function runtimeDir(start: string = __dirname, exists: (path: string) => boolean = existsSync): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'runtime');
    if (exists(join(candidate, 'threadlit_runtime', '__main__.py'))) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`Threadlit's Python runtime (runtime/threadlit_runtime) was not found above ${start}; the installation is incomplete.`);
}
