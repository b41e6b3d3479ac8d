// Helpers for the `threadlit lint` tests: run the CLI in-process with captured output, and
// build throwaway project trees from test/fixtures/cli.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lintCommand } from '../../../src/cli/lint';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'cli');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `threadlit lint ARGS` in `cwd`, capturing stdout and stderr. Calls the command
 * directly: main()'s dynamic import() does not resolve .ts files under tsx/cjs; the
 * spawned-bundle test covers the dispatch.
 */
export async function runLint(args: string[], cwd: string): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  const realCwd = process.cwd();
  const capture = (sink: string[]) =>
    ((chunk: string | Uint8Array) => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  try {
    process.chdir(cwd);
    const code = await lintCommand(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(realCwd);
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
}

/** A temp copy of test/fixtures/cli/tree plus the tool folders that git would not keep. */
export function makeTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'threadlit-lint-'));
  cpSync(join(FIXTURES, 'tree'), root, { recursive: true });
  for (const hidden of ['.venv/lib/hidden.py', 'node_modules/x/hidden.py', '.git/hidden.py']) {
    mkdirSync(dirname(join(root, hidden)), { recursive: true });
    cpSync(join(root, 'pkg', 'unbound_write.py'), join(root, hidden));
  }
  return root;
}

export function writeFile(root: string, rel: string, content: string | Uint8Array): string {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** `path:line:col: CODE` keys of the text output's finding lines. */
export function findingKeys(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => /^(.+?:\d+:\d+: TL\d{3}) /.exec(line)?.[1])
    .filter((key): key is string => key !== undefined);
}
