// Builds the lint benchmark corpus: the interpreter's standard library, copied twice into
// bench/.cache/ (as is, and with `import streamlit as st` prepended to every file).
//
// Left out, as the benchmark's definition says: site-packages, test, tests, idlelib,
// lib2to3, tkinter, turtledemo, and files that the interpreter cannot compile.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const REPO = join(__dirname, '..', '..');
export const PYTHON = join(REPO, '.venv', 'bin', 'python');
const CACHE = join(REPO, 'bench', '.cache');
const LEFT_OUT = new Set(['site-packages', 'test', 'tests', 'idlelib', 'lib2to3', 'tkinter', 'turtledemo', '__pycache__']);
export const STREAMLIT_IMPORT = 'import streamlit as st\n';

export interface Corpus {
  /** Unmodified copy. */
  plainDir: string;
  /** Copy with the streamlit import prepended. */
  streamlitDir: string;
  /** File paths relative to either folder, sorted. */
  files: string[];
  lines: number;
  stdlib: string;
}

export function ensureCorpus(): Corpus {
  const stdlib = python(['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])']).trim();
  const plainDir = join(CACHE, 'stdlib');
  const streamlitDir = join(CACHE, 'stdlib-streamlit');
  const listFile = join(CACHE, 'files.txt');
  const stamp = join(CACHE, 'source.txt');

  if (!existsSync(listFile) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== stdlib) {
    rmSync(CACHE, { recursive: true, force: true });
    mkdirSync(CACHE, { recursive: true });
    const candidates = walk(stdlib, stdlib);
    const compiling = compilable(stdlib, candidates);
    for (const rel of compiling) {
      const text = readFileSync(join(stdlib, rel));
      mkdirSync(dirname(join(plainDir, rel)), { recursive: true });
      cpSync(join(stdlib, rel), join(plainDir, rel));
      mkdirSync(dirname(join(streamlitDir, rel)), { recursive: true });
      writeFileSync(join(streamlitDir, rel), Buffer.concat([Buffer.from(STREAMLIT_IMPORT), text]));
    }
    writeFileSync(listFile, compiling.join('\n') + '\n');
    writeFileSync(stamp, stdlib);
  }
  const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
  let lines = 0;
  for (const rel of files) lines += countLines(readFileSync(join(plainDir, rel)));
  return { plainDir, streamlitDir, files, lines, stdlib };
}

function walk(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !LEFT_OUT.has(entry.name)) out.push(...walk(root, path));
    else if (entry.isFile() && entry.name.endsWith('.py')) out.push(relative(root, path));
  }
  return out;
}

/** Asks the interpreter which files compile; one process for all of them. */
function compilable(root: string, files: string[]): string[] {
  const script = [
    'import sys',
    'root = sys.argv[1]',
    'for rel in sys.stdin.read().splitlines():',
    '    try:',
    '        compile(open(root + "/" + rel, "rb").read(), rel, "exec")',
    '    except (SyntaxError, ValueError):',
    '        continue',
    '    print(rel)',
  ].join('\n');
  return python(['-W', 'ignore', '-c', script, root], files.join('\n')).split('\n').filter(Boolean);
}

function python(args: string[], input?: string): string {
  const result = spawnSync(PYTHON, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${PYTHON} ${args[0]} failed: ${result.stderr}`);
  return result.stdout;
}

function countLines(bytes: Buffer): number {
  let n = 0;
  for (const b of bytes) if (b === 0x0a) n++;
  return n;
}
