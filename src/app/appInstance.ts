// One app file and the runtime that serves it: lifecycle state, restart coalescing, and the
// live data (monitor events, threads) the preview and status bar show. No `vscode` import.

import { spawn as nodeSpawn } from 'node:child_process';
import { Emitter } from '../core/emitter';
import { RuntimeProcess, type RuntimeExit, type RuntimeOptions, type SpawnLike } from '../core/runtimeProcess';
import type { MonitorEvent, RuntimeErrorCode, RuntimeEvent, ThreadInfo } from '../protocol/runtime';

/** What the user sees: `rerunning` while a script run is in progress in any session. */
export type AppState = 'starting' | 'running' | 'rerunning' | 'error' | 'stopped';

/** Why the app is in the error state. */
export interface AppError {
  message: string;
  /** The runtime's stable error code when it sent one (e.g. `streamlit-missing`). */
  code: RuntimeErrorCode | undefined;
  stderrTail: string[];
}

/** Everything a view needs to draw the app, as one immutable value. */
export interface AppSnapshot {
  app: string;
  state: AppState;
  python: string;
  url: string | undefined;
  streamlitVersion: string | undefined;
  monitorEventCount: number;
  error: AppError | undefined;
}

/** How to launch an app; the manager builds it from settings. */
export interface AppLaunch {
  app: string;
  python: string;
  /** Working directory of the runtime; defaults to the app's folder. */
  cwd?: string | undefined;
  fastReruns?: boolean;
  streamlitArgs?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/** Test seams: the child process and the crash explanation. */
export interface AppDeps {
  spawn?: SpawnLike;
  killTree?: RuntimeOptions['killTree'];
  runtimeDir?: string;
  stopGraceMs?: number;
  /** Turns an unexpected exit into the user's message (core/explain.ts in production). */
  explainExit: (exit: RuntimeExit, python: string) => Promise<string>;
}

const MAX_MONITOR_EVENTS = 500;

export class AppInstance {
  private readonly stateEmitter = new Emitter<AppSnapshot>();
  private readonly eventEmitter = new Emitter<RuntimeEvent>();
  private readonly stderrEmitter = new Emitter<string>();

  /** The snapshot changed (state, URL, error, monitor count). */
  readonly onDidChange = this.stateEmitter.event;
  /** Every runtime event, for the preview's Threads pane. */
  readonly onRuntimeEvent = this.eventEmitter.event;
  /** One stderr line of the runtime (user prints, Streamlit's log). */
  readonly onStderr = this.stderrEmitter.event;

  private runtime: RuntimeProcess | undefined;
  private _state: AppState = 'stopped';
  private url: string | undefined;
  private streamlitVersion: string | undefined;
  private error: AppError | undefined;
  private readonly activeRuns = new Set<string>();
  private readonly _monitorEvents: MonitorEvent[] = [];
  private monitorEventCount = 0;
  private _threads: ThreadInfo[] = [];
  private restarting: Promise<void> | undefined;
  private queuedRestart: Promise<void> | undefined;
  private settledWaiters: Array<() => void> = [];

  constructor(
    private launch: AppLaunch,
    private readonly deps: AppDeps,
  ) {}

  get app(): string {
    return this.launch.app;
  }
  get state(): AppState {
    return this._state;
  }
  get pid(): number | undefined {
    return this.runtime?.pid;
  }
  /** The Streamlit flags of the current (or last) launch. */
  get streamlitArgs(): readonly string[] {
    return this.launch.streamlitArgs ?? [];
  }
  get monitorEvents(): readonly MonitorEvent[] {
    return this._monitorEvents;
  }
  get threads(): readonly ThreadInfo[] {
    return this._threads;
  }

  snapshot(): AppSnapshot {
    return {
      app: this.launch.app,
      state: this._state,
      python: this.launch.python,
      url: this.url,
      streamlitVersion: this.streamlitVersion,
      monitorEventCount: this.monitorEventCount,
      error: this.error,
    };
  }

  /** Starts the runtime if it is not running (a no-op while starting or running). */
  start(launch?: AppLaunch): void {
    if (this.runtime !== undefined) return;
    if (launch !== undefined) this.launch = launch;
    this.error = undefined;
    this.url = undefined;
    this.activeRuns.clear();
    this._monitorEvents.length = 0;
    this.monitorEventCount = 0;
    this._threads = [];
    const runtime = new RuntimeProcess({
      python: this.launch.python,
      app: this.launch.app,
      fastReruns: this.launch.fastReruns ?? false,
      streamlitArgs: this.launch.streamlitArgs ?? [],
      env: this.launch.env ?? process.env,
      runtimeDir: this.deps.runtimeDir,
      stopGraceMs: this.deps.stopGraceMs,
      spawn: this.spawnIn(this.launch.cwd),
      killTree: this.deps.killTree,
    });
    this.runtime = runtime;
    runtime.onEvent((event) => this.onEvent(runtime, event));
    runtime.onStderr((line) => this.stderrEmitter.fire(line));
    runtime.onExit((exit) => void this.onExit(runtime, exit));
    this.setState('starting');
    runtime.start();
  }

  /** Resolves once the app has left `starting`: running, error or stopped. */
  whenSettled(): Promise<AppState> {
    if (this._state !== 'starting') return Promise.resolve(this._state);
    return new Promise((resolve) => this.settledWaiters.push(() => resolve(this._state)));
  }

  /** Stops the runtime and its whole process tree; resolves when it has exited. */
  async stop(): Promise<void> {
    const runtime = this.runtime;
    if (runtime === undefined) return;
    await runtime.stop();
  }

  /**
   * Stops and starts again. Requests made while a restart is in progress merge into at most one
   * queued restart, so hammering Restart (or saving settings twice) never stacks runtimes.
   */
  restart(launch?: AppLaunch): Promise<void> {
    if (launch !== undefined) this.launch = launch;
    if (this.queuedRestart !== undefined) return this.queuedRestart;
    if (this.restarting !== undefined) {
      const queued = this.restarting.then(() => {
        this.queuedRestart = undefined;
        return this.restartNow();
      });
      this.queuedRestart = queued;
      return queued;
    }
    return this.restartNow();
  }

  /** Asks the runtime to rerun the app in every connected session. */
  rerun(): boolean {
    return this.runtime?.rerun() ?? false;
  }

  /** Asks for a fresh `threads` snapshot. */
  requestThreads(): boolean {
    return this.runtime?.requestThreads() ?? false;
  }

  /** Stops without waiting (deactivation): the runtime also exits when its stdin closes. */
  dispose(): void {
    void this.stop();
    this.stateEmitter.dispose();
    this.eventEmitter.dispose();
    this.stderrEmitter.dispose();
  }

  private restartNow(): Promise<void> {
    const run = (async () => {
      await this.stop();
      this.start();
    })();
    const tracked = run.finally(() => {
      if (this.restarting === tracked) this.restarting = undefined;
    });
    this.restarting = tracked;
    return tracked;
  }

  private spawnIn(cwd: string | undefined): SpawnLike | undefined {
    // RuntimeProcess always runs in the app's folder; `threadlit.cwd` overrides it here.
    const base = this.deps.spawn ?? (nodeSpawn as unknown as SpawnLike);
    if (cwd === undefined) return this.deps.spawn;
    return (command, args, options) => base(command, args, { ...options, cwd });
  }

  private onEvent(runtime: RuntimeProcess, event: RuntimeEvent): void {
    if (runtime !== this.runtime) return;
    this.eventEmitter.fire(event);
    switch (event.type) {
      case 'ready':
        this.url = event.url;
        this.streamlitVersion = event.streamlitVersion;
        this.setState(this.activeRuns.size > 0 ? 'rerunning' : 'running');
        break;
      case 'runStarted':
        this.activeRuns.add(`${event.session}:${event.run}`);
        if (this._state === 'running') this.setState('rerunning');
        break;
      case 'runFinished':
        this.activeRuns.delete(`${event.session}:${event.run}`);
        if (this._state === 'rerunning' && this.activeRuns.size === 0) this.setState('running');
        break;
      case 'monitor':
        this.recordMonitor(event);
        break;
      case 'threads':
        this._threads = event.threads;
        break;
      default:
        break;
    }
  }

  private recordMonitor(event: MonitorEvent): void {
    // The runtime repeats a deduplicated event with a higher count: replace, don't append.
    const same = this._monitorEvents.findIndex(
      (e) => e.kind === event.kind && e.run === event.run && e.session === event.session && siteKey(e) === siteKey(event),
    );
    if (same >= 0) this._monitorEvents[same] = event;
    else {
      this._monitorEvents.push(event);
      if (this._monitorEvents.length > MAX_MONITOR_EVENTS) this._monitorEvents.shift();
    }
    this.monitorEventCount = this._monitorEvents.reduce((sum, e) => sum + e.count, 0);
    this.fireChange();
  }

  private async onExit(runtime: RuntimeProcess, exit: RuntimeExit): Promise<void> {
    if (runtime !== this.runtime) return;
    if (exit.requested) {
      this.runtime = undefined;
      this.setState('stopped');
      return;
    }
    const message = await this.deps.explainExit(exit, this.launch.python).catch((err: unknown) => String(err));
    // A restart may have replaced the runtime while the message was being built.
    if (runtime !== this.runtime) return;
    this.runtime = undefined;
    this.error = { message, code: exit.errorEvent?.code, stderrTail: exit.stderrTail };
    this.setState('error');
  }

  private setState(state: AppState): void {
    this._state = state;
    if (state !== 'starting') for (const resolve of this.settledWaiters.splice(0)) resolve();
    this.fireChange();
  }

  private fireChange(): void {
    this.stateEmitter.fire(this.snapshot());
  }
}

function siteKey(event: MonitorEvent): string {
  return event.site === null ? '' : `${event.site.file}:${event.site.line}`;
}
