// A fake runtime child for app-manager tests: the test plays the Python runtime over streams.

import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { SpawnOptions } from 'node:child_process';
import type { ChildLike, SpawnLike } from '../../../src/core/runtimeProcess';
import type { AppDeps } from '../../../src/app/appInstance';

export class FakeChild extends EventEmitter implements ChildLike {
  readonly stdin = new PassThrough();
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly commands: string[] = [];
  exited = false;
  constructor(
    readonly pid: number,
    readonly args: readonly string[],
    readonly options: SpawnOptions,
  ) {
    super();
    this.stdin.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        this.commands.push((JSON.parse(line) as { type: string }).type);
      }
    });
  }
  emitEvent(event: object): void {
    this.stdout.write(JSON.stringify({ v: 1, ...event }) + '\n');
  }
  ready(port = 8501): void {
    this.emitEvent({ type: 'ready', url: `http://127.0.0.1:${port}/`, port, streamlitVersion: '1.64.0', pythonVersion: '3.11.7', pid: this.pid, monitor: true, fastReruns: true });
  }
  die(code: number | null, signal: NodeJS.Signals | null = null): void {
    if (this.exited) return;
    this.exited = true;
    this.stdout.end();
    this.stderr.end();
    this.emit('exit', code, signal);
  }
}

/** Spawns FakeChild objects; `autoExitOnShutdown` makes them exit when told to shut down. */
export class FakeSpawner {
  readonly children: FakeChild[] = [];
  readonly kills: number[] = [];
  private nextPid = 1000;
  constructor(private readonly autoExitOnShutdown = true) {}

  readonly spawn: SpawnLike = (_command, args, options) => {
    const child = new FakeChild(this.nextPid++, args, options);
    if (this.autoExitOnShutdown) {
      child.stdin.on('data', () => {
        if (child.commands.includes('shutdown')) queueMicrotask(() => child.die(0));
      });
    }
    this.children.push(child);
    return child;
  };

  deps(over: Partial<AppDeps> = {}): AppDeps {
    return {
      spawn: this.spawn,
      killTree: (pid) => {
        this.kills.push(pid);
        // A SIGKILL to the group ends the fake child too.
        this.children.find((c) => c.pid === pid)?.die(null, 'SIGKILL');
      },
      runtimeDir: '/repo/runtime',
      stopGraceMs: 50,
      explainExit: async (exit) => `crashed: ${exit.code} ${exit.stderrTail.join('|')}`,
      ...over,
    };
  }

  last(): FakeChild {
    const child = this.children.at(-1);
    if (!child) throw new Error('nothing spawned');
    return child;
  }
}

/** Resolves when `probe` is true, polling each macrotask; fails after `ms`. */
export async function until(what: string, probe: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}
