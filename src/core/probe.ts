// Asks an interpreter for its version and whether it has pip. Used only after a failed start,
// to explain it, so a successful launch never pays for an extra Python process.

import { execFile } from 'node:child_process';

export interface InterpreterFacts {
  /** "major.minor", or undefined when the interpreter did not answer. */
  version: string | undefined;
  hasPip: boolean | undefined;
}

// Written to run on any Python, even 2.x, so an old interpreter still reports its version.
const SCRIPT = [
  'import sys',
  "sys.stdout.write('%d.%d\\n' % sys.version_info[:2])",
  'sys.stdout.flush()',
  'import importlib.util',
  "sys.stdout.write(str(importlib.util.find_spec('pip') is not None) + '\\n')",
].join('\n');

export function probeInterpreter(python: string, timeoutMs = 10_000): Promise<InterpreterFacts> {
  return new Promise((resolve) => {
    execFile(python, ['-c', SCRIPT], { timeout: timeoutMs, windowsHide: true }, (_err, stdout) => {
      const [version, pip] = String(stdout).split(/\r?\n/);
      resolve({
        version: version !== undefined && /^\d+\.\d+$/.test(version) ? version : undefined,
        hasPip: pip === 'True' ? true : pip === 'False' ? false : undefined,
      });
    });
  });
}
