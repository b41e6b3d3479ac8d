// One Python runtime process running one app: spawns it, turns its channel into typed events,
// sends commands, and stops it (shutdown, then SIGKILL to its whole process group).

import { spawn as nodeSpawn, type SpawnOptions } from 'node:child_process';
import { delimiter, dirname } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { ErrorEvent, ExitEvent, MonitorEvent, ReadyEvent, RuntimeCommand, RuntimeEvent } from '../protocol/runtime';
import { encodeCommand, LineDecoder, parseEvent, type ProtocolError } from './channel';
import { Emitter } from './emitter';
import { groupSpawnOptions, killTree as platformKillTree } from './platform';
import { runtimeDir as findRuntimeDir } from './runtimeDir';

/** The part of a ChildProcess the host uses; a fake child implements just this in unit tests. */
export interface ChildLike {
  readonly pid?: number | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
}

export type SpawnLike = (command: string, args: readonly string[], options: SpawnOptions) => ChildLike;

export interface RuntimeOptions {
  /** Interpreter to run (see interpreter.ts). */
  python: string;
  /** Absolute path of the app script; the runtime's working directory is its folder. */
  app: string;
  port?: number | undefined;
  monitor?: boolean;
  fastReruns?: boolean;
  /** Passed to Streamlit after `--`. */
  streamlitArgs?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** The folder that contains `threadlit_runtime`; found automatically by default. */
  runtimeDir?: string;
  /** How long `stop()` waits after `shutdown` before killing the process group. */
  stopGraceMs?: number;
  /** How many of the last stderr lines to keep for crash reports. */
  stderrTailLines?: number;
  spawn?: SpawnLike;
  killTree?: (pid: number, signal: NodeJS.Signals) => void;
}

export type RuntimeState = 'idle' | 'starting' | 'ready' | 'stopping' | 'exited';

/** How the runtime ended, with what the host needs to explain it. */
export interface RuntimeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the host asked it to stop (`stop()`), false for a crash or an early exit. */
  requested: boolean;
  /** The runtime's last words on the channel, if it sent them. */
  exitEvent: ExitEvent | undefined;
  /** The last `error` event, e.g. why the app could not start. */
  errorEvent: ErrorEvent | undefined;
  /** True when the runtime sent at least one valid event: it started far enough to talk. */
  spokeProtocol: boolean;
  /** The interpreter could not be started at all (ENOENT, EACCES). */
  spawnError: Error | undefined;
  stderrTail: string[];
}

const DEFAULT_GRACE_MS = 2000;
// After the runtime exits, its channel may still hold the last events; wait this long at most.
const DRAIN_MS = 500;

/** The runtime's command line after the interpreter (contract in docs/running.md). */
export function runtimeArgs(options: Pick<RuntimeOptions, 'app' | 'port' | 'monitor' | 'fastReruns' | 'streamlitArgs'>): string[] {
  const args = ['-m', 'threadlit_runtime', options.app];
  if (options.port !== undefined) args.push('--port', String(options.port));
  if (options.monitor === false) args.push('--no-monitor');
  if (options.fastReruns === true) args.push('--fast-reruns');
  if (options.streamlitArgs !== undefined && options.streamlitArgs.length > 0) args.push('--', ...options.streamlitArgs);
  return args;
}

/** The runtime's environment: ours with the runtime folder first on PYTHONPATH. */
export function runtimeEnv(env: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  const existing = env.PYTHONPATH;
  return { ...env, PYTHONPATH: existing ? `${dir}${delimiter}${existing}` : dir };
}

export class RuntimeProcess {
  private readonly eventEmitter = new Emitter<RuntimeEvent>();
  private readonly readyEmitter = new Emitter<ReadyEvent>();
  private readonly monitorEmitter = new Emitter<MonitorEvent>();
  private readonly stderrEmitter = new Emitter<string>();
  private readonly protocolErrorEmitter = new Emitter<ProtocolError>();
  private readonly exitEmitter = new Emitter<RuntimeExit>();

  /** Every valid event, in order. */
  readonly onEvent = this.eventEmitter.event;
  /** The server is listening; fired once. */
  readonly onReady = this.readyEmitter.event;
  readonly onMonitor = this.monitorEmitter.event;
  /** One line the runtime wrote on stderr: user prints, Streamlit's log. */
  readonly onStderr = this.stderrEmitter.event;
  /** A channel line that was not a valid event; the host keeps reading. */
  readonly onProtocolError = this.protocolErrorEmitter.event;
  /** The process ended (after its last events were delivered); fired once. */
  readonly onExit = this.exitEmitter.event;

  private child: ChildLike | undefined;
  private _state: RuntimeState = 'idle';
  private _ready: ReadyEvent | undefined;
  private stopRequested = false;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly tail: string[] = [];
  private lastError: ErrorEvent | undefined;
  private lastExit: ExitEvent | undefined;
  private spokeProtocol = false;
  private spawnError: Error | undefined;
  private result: RuntimeExit | undefined;
  private readonly exited: Promise<RuntimeExit>;
  private resolveExited!: (exit: RuntimeExit) => void;

  constructor(private readonly options: RuntimeOptions) {
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
  }

  get state(): RuntimeState {
    return this._state;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }
  get ready(): ReadyEvent | undefined {
    return this._ready;
  }
  /** The last lines the runtime wrote on stderr, oldest first. */
  get recentStderr(): string[] {
    return [...this.tail];
  }
  /** Resolves when the process has ended, whatever the reason. */
  get whenExited(): Promise<RuntimeExit> {
    return this.exited;
  }

  start(): void {
    if (this._state !== 'idle') throw new Error(`runtime already ${this._state}`);
    this._state = 'starting';
    const dir = this.options.runtimeDir ?? findRuntimeDir();
    const spawn = this.options.spawn ?? (nodeSpawn as unknown as SpawnLike);
    let child: ChildLike;
    try {
      child = spawn(this.options.python, runtimeArgs(this.options), {
        cwd: dirname(this.options.app),
        env: runtimeEnv(this.options.env ?? process.env, dir),
        stdio: ['pipe', 'pipe', 'pipe'],
        ...groupSpawnOptions(),
      });
    } catch (err) {
      // Synchronous spawn failures (bad arguments) end the runtime before it began.
      this.spawnError = err as Error;
      queueMicrotask(() => this.finish(null, null));
      return;
    }
    this.child = child;
    child.stdin?.on('error', () => {
      // EPIPE after the runtime died: the exit handler reports what happened.
    });
    this.readChannel(child);
    this.readStderr(child);
    child.on('error', (err) => {
      // 'error' without a pid means the interpreter never started (ENOENT, EACCES).
      if (child.pid === undefined) {
        this.spawnError = err;
        this.finish(null, null);
      }
    });
    child.on('exit', (code, signal) => void this.onChildExit(code, signal));
  }

  /** Sends a command; false when the runtime can no longer receive it. */
  send(type: RuntimeCommand['type']): boolean {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed || stdin.writableEnded || this._state === 'exited') return false;
    stdin.write(encodeCommand(type));
    return true;
  }

  rerun(): boolean {
    return this.send('rerun');
  }

  requestThreads(): boolean {
    return this.send('threads');
  }

  /**
   * Stops the runtime: `shutdown` and stdin EOF (either one makes it exit within 2 s), then
   * SIGKILL to its whole process group if it is still there after the grace period.
   */
  stop(): Promise<RuntimeExit> {
    if (this._state === 'exited' || this._state === 'idle') {
      if (this._state === 'idle') this.finish(null, null);
      return this.exited;
    }
    if (this.stopRequested) return this.exited;
    this.stopRequested = true;
    this._state = 'stopping';
    this.send('shutdown');
    this.child?.stdin?.end();
    const pid = this.child?.pid;
    if (pid !== undefined) {
      this.killTimer = setTimeout(() => this.kill(pid), this.options.stopGraceMs ?? DEFAULT_GRACE_MS);
    }
    return this.exited;
  }

  /** Kills the runtime's whole process group now, without the grace period. */
  forceKill(): void {
    const pid = this.child?.pid;
    if (pid === undefined || this._state === 'exited') return;
    this.stopRequested = true;
    this._state = 'stopping';
    this.kill(pid);
  }

  private kill(pid: number): void {
    (this.options.killTree ?? platformKillTree)(pid, 'SIGKILL');
  }

  private readChannel(child: ChildLike): void {
    const decoder = new LineDecoder();
    const handle = (lines: ReturnType<LineDecoder['push']>): void => {
      for (const decoded of lines) {
        if (!decoded.ok) {
          this.protocolErrorEmitter.fire(decoded.error);
          continue;
        }
        const parsed = parseEvent(decoded.line);
        if (parsed.ok) this.dispatch(parsed.event);
        else this.protocolErrorEmitter.fire(parsed.error);
      }
    };
    child.stdout?.on('data', (chunk: Buffer) => handle(decoder.push(chunk)));
    child.stdout?.on('end', () => handle(decoder.end()));
  }

  private readStderr(child: ChildLike): void {
    const decoder = new LineDecoder(256 * 1024);
    const keep = this.options.stderrTailLines ?? 30;
    const handle = (lines: ReturnType<LineDecoder['push']>): void => {
      for (const decoded of lines) {
        const line = decoded.ok ? decoded.line : `${decoded.error.excerpt}… (line too long, cut)`;
        this.tail.push(line);
        if (this.tail.length > keep) this.tail.shift();
        this.stderrEmitter.fire(line);
      }
    };
    child.stderr?.on('data', (chunk: Buffer) => handle(decoder.push(chunk)));
    child.stderr?.on('end', () => handle(decoder.end()));
  }

  private dispatch(event: RuntimeEvent): void {
    this.spokeProtocol = true;
    // Non-fatal errors (a bad command, the monitor off) do not explain an exit.
    if (event.type === 'error' && event.fatal !== false) this.lastError = event;
    if (event.type === 'exit') this.lastExit = event;
    this.eventEmitter.fire(event);
    if (event.type === 'ready' && this._ready === undefined) {
      this._ready = event;
      if (this._state === 'starting') this._state = 'ready';
      this.readyEmitter.fire(event);
    } else if (event.type === 'monitor') {
      this.monitorEmitter.fire(event);
    }
  }

  private async onChildExit(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    const child = this.child;
    if (child?.stdout && !child.stdout.readableEnded) await ended(child.stdout, DRAIN_MS);
    // Sweep the group: anything the app started and the runtime failed to reap goes too.
    if (child?.pid !== undefined) this.kill(child.pid);
    if (child?.stderr && !child.stderr.readableEnded) await ended(child.stderr, DRAIN_MS);
    child?.stdout?.destroy();
    child?.stderr?.destroy();
    child?.stdin?.destroy();
    this.finish(code, signal);
  }

  private finish(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.result) return;
    clearTimeout(this.killTimer);
    this._state = 'exited';
    this.result = {
      code,
      signal,
      requested: this.stopRequested,
      exitEvent: this.lastExit,
      errorEvent: this.lastError,
      spokeProtocol: this.spokeProtocol,
      spawnError: this.spawnError,
      stderrTail: [...this.tail],
    };
    this.resolveExited(this.result);
    this.exitEmitter.fire(this.result);
  }
}

/** Resolves when the stream ends or after `ms`, whichever comes first. */
function ended(stream: Readable, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    stream.once('end', done);
    stream.once('close', done);
    function done(): void {
      clearTimeout(timer);
      resolve();
    }
  });
}
