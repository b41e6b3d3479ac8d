// Helpers for tests that run real processes: the CLI from sources, output waiting with a
// deadline, and the process table (/proc) to prove nothing is left behind.

import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../../..');
export const VENV_PYTHON = join(REPO, '.venv', 'bin', 'python');
export const FIXTURES = join(REPO, 'test', 'fixtures', 'runtime-host');

/** Runs `threadlit ARGS` from the TypeScript sources, so the tests do not depend on a build. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = process.env): Watched {
  return watch(spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), ...args], { cwd: REPO, env }));
}

export function spawnTs(script: string, args: string[]): Watched {
  return watch(spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO }));
}

/** A child with its output collected, and a way to wait for a line or its exit. */
export interface Watched {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr', timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

export function watch(child: ChildProcess): Watched {
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const poke = (): void => waiters.forEach((w) => w());
  child.stdout?.on('data', (chunk: Buffer) => ((out += chunk.toString()), poke()));
  child.stderr?.on('data', (chunk: Buffer) => ((err += chunk.toString()), poke()));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => (poke(), res(code))));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, stream = 'stdout', timeoutMs = 20_000) {
      return new Promise((res, rej) => {
        const check = (): void => {
          const match = (stream === 'stdout' ? out : err).match(pattern);
          if (match) return finish(() => res(match));
          if (child.exitCode !== null || child.signalCode !== null) {
            finish(() => rej(new Error(`exited before ${pattern} appeared\nstdout:\n${out}\nstderr:\n${err}`)));
          }
        };
        const timer = setTimeout(() => finish(() => rej(new Error(`timed out waiting for ${pattern}\nstdout:\n${out}\nstderr:\n${err}`))), timeoutMs);
        function finish(then: () => void): void {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        }
        waiters.add(check);
        check();
      });
    },
  };
}

/** Every live descendant of `pid`, read from /proc by parent pid. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat === undefined) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(entry));
    children.set(stat.ppid, list);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** The command name of a live process, or undefined once it is gone (zombies count as gone). */
export function commandName(pid: number): string | undefined {
  return procStat(pid)?.comm;
}

function procStat(pid: number): { comm: string; state: string; ppid: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may itself contain spaces or parentheses.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const [state, ppid] = text.slice(close + 2).split(' ');
  if (state === undefined || state === 'Z' || state === 'X') return undefined;
  return { comm, state, ppid: Number(ppid) };
}

/** Polls until none of `pids` is alive; returns the survivors when the deadline passes. */
export async function waitAllGone(pids: number[], timeoutMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = pids.filter((pid) => commandName(pid) !== undefined);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** Kills whatever a failed test left behind, so one failure does not leak into the next. */
export function cleanup(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

/** The 1-based line of the first line of `file` that contains `needle`, so tests survive edits. */
export function lineOf(file: string, needle: string): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${needle} not found in ${file}`);
  return index + 1;
}

/** The Option 2 example without add_script_run_ctx, and the line whose write raises. */
export const BROKEN_APP = join(REPO, 'examples', 'option2_no_ctx_broken.py');
export const BROKEN_LINE = lineOf(BROKEN_APP, 'self.target.write(');

/** Runs a command function in this process with stdout and stderr captured. */
export async function captured(run: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const original = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => ((out.stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((out.stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await run();
    return { code, ...out };
  } finally {
    process.stdout.write = original.stdout;
    process.stderr.write = original.stderr;
  }
}
