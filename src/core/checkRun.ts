// Runs an app once in a real server session and collects what the monitor saw: the first run
// for one headless client, then the threads that run started, until they end or time runs out.

import type { MonitorEvent, ReadyEvent, RunFinishedEvent, RuntimeEvent, ThreadInfo } from '../protocol/runtime';
import { monitorKey } from './format';
import { explainExit } from './explain';
import { RuntimeProcess, type RuntimeExit, type RuntimeOptions } from './runtimeProcess';
import { openSession, type StreamlitSession } from './session';

export interface CheckRunOptions extends Omit<RuntimeOptions, 'monitor'> {
  /** For the first run and its threads, counted from the moment the server is ready. */
  timeoutMs: number;
  /** For the server to become ready. */
  startTimeoutMs?: number;
  /** How often to ask for a threads snapshot while waiting for the run's threads. */
  pollMs?: number;
  /** Called once with the runtime before it starts, to attach listeners (logs, stderr). */
  observe?: (runtime: RuntimeProcess) => void;
}

export interface CheckRunResult {
  /** Set when the app could not run; the message names the fix. */
  failure: string | undefined;
  ready: ReadyEvent | undefined;
  run: RunFinishedEvent | undefined;
  /** Monitor events of the checked session (and of threads without one), latest count each. */
  events: MonitorEvent[];
  /** Threads the run started that were still alive when the timeout hit. */
  lingering: ThreadInfo[];
  timedOut: boolean;
}

type Outcome<T> = { kind: 'event'; event: T } | { kind: 'exit'; exit: RuntimeExit } | { kind: 'timeout' };

export async function checkRun(options: CheckRunOptions): Promise<CheckRunResult> {
  const runtime = new RuntimeProcess({ ...options, monitor: true });
  const events = new Map<string, MonitorEvent>();
  const result: CheckRunResult = { failure: undefined, ready: undefined, run: undefined, events: [], lingering: [], timedOut: false };
  let session: StreamlitSession | undefined;
  let sessionId: string | undefined;
  let collecting = true;
  let scriptFailed = false;
  runtime.onMonitor((event) => {
    if (collecting && (event.session === null || sessionId === undefined || event.session === sessionId)) events.set(monitorKey(event), event);
  });

  options.observe?.(runtime);
  runtime.start();
  try {
    const ready = await next(runtime, (e): e is ReadyEvent & { v: 1 } => e.type === 'ready', options.startTimeoutMs ?? 60_000);
    if (ready.kind !== 'event') {
      result.failure =
        ready.kind === 'exit'
          ? await explainExit(ready.exit, options.python)
          : `The app's server did not start within ${Math.round((options.startTimeoutMs ?? 60_000) / 1000)} s. Its last output:\n${runtime.recentStderr.map((l) => `  ${l}`).join('\n')}`;
      return result;
    }
    result.ready = ready.event;

    // Threads alive before the session exists belong to the runtime or Streamlit, not the run.
    const baseline = new Set<number>();
    const first = next(runtime, isThreads, 2000);
    runtime.requestThreads();
    const snapshot = await first;
    if (snapshot.kind === 'event') for (const t of snapshot.event.threads) if (t.alive) baseline.add(t.id);

    const deadline = Date.now() + options.timeoutMs;
    const started = next(runtime, (e) => e.type === 'runStarted', options.timeoutMs);
    try {
      session = await openSession({ port: ready.event.port });
    } catch (err) {
      result.failure = `Could not open a session with the app's server on port ${ready.event.port}: ${(err as Error).message}`;
      return result;
    }
    const start = await started;
    if (start.kind !== 'event' || start.event.type !== 'runStarted') {
      result.failure = await explain(start, options.python, "The app's first run did not start");
      return result;
    }
    sessionId = start.event.session;
    const firstRun = start.event.run;
    const finished = await next(
      runtime,
      (e): e is RunFinishedEvent & { v: 1 } => e.type === 'runFinished' && e.session === sessionId && e.run === firstRun,
      deadline - Date.now(),
    );
    if (finished.kind !== 'event') {
      result.failure = await explain(finished, options.python, "The app's first run did not finish");
      return result;
    }
    result.run = finished.event;
    if (finished.event.status === 'error') {
      scriptFailed = true;
      return result;
    }

    // Wait for the run's own threads: alive, not Streamlit's, not there before the session.
    for (;;) {
      const remaining = deadline - Date.now();
      const poll = next(runtime, isThreads, Math.max(0, Math.min(remaining, options.pollMs ?? 250)));
      runtime.requestThreads();
      const got = await poll;
      if (got.kind === 'exit') {
        result.failure = await explain(got, options.python, 'The runtime stopped');
        return result;
      }
      if (got.kind === 'event') {
        const lingering = got.event.threads.filter((t) => t.alive && !t.streamlit && !baseline.has(t.id));
        result.lingering = lingering;
        if (lingering.length === 0) break;
      }
      if (Date.now() >= deadline) {
        result.timedOut = true;
        break;
      }
    }
    return result;
  } finally {
    collecting = false;
    result.events = [...events.values()];
    await session?.close();
    const exit = await runtime.stop();
    if (scriptFailed) {
      const tail = exit.stderrTail.length > 0 ? ['Last lines of its output:', ...exit.stderrTail.map((l) => `  ${l}`)] : [];
      result.failure = ["The app's first run ended with an error.", ...tail].join('\n');
    }
  }
}

function isThreads(e: RuntimeEvent): e is Extract<RuntimeEvent, { type: 'threads' }> {
  return e.type === 'threads';
}

/** Waits for the first event that matches, the runtime's exit, or the timeout. */
function next<T extends RuntimeEvent>(runtime: RuntimeProcess, match: (e: RuntimeEvent) => e is T, timeoutMs: number): Promise<Outcome<T>>;
function next(runtime: RuntimeProcess, match: (e: RuntimeEvent) => boolean, timeoutMs: number): Promise<Outcome<RuntimeEvent>>;
function next(runtime: RuntimeProcess, match: (e: RuntimeEvent) => boolean, timeoutMs: number): Promise<Outcome<RuntimeEvent>> {
  return new Promise((resolve) => {
    const subs = [
      runtime.onEvent((event) => {
        if (match(event)) done({ kind: 'event', event });
      }),
      runtime.onExit((exit) => done({ kind: 'exit', exit })),
    ];
    const timer = setTimeout(() => done({ kind: 'timeout' }), Math.max(0, timeoutMs));
    if (runtime.state === 'exited') void runtime.whenExited.then((exit) => done({ kind: 'exit', exit }));
    function done(outcome: Outcome<RuntimeEvent>): void {
      clearTimeout(timer);
      for (const sub of subs) sub.dispose();
      resolve(outcome);
    }
  });
}

/** A message for an exit or a timeout while waiting for `what`. */
async function explain(outcome: Outcome<RuntimeEvent>, python: string, what: string): Promise<string> {
  if (outcome.kind === 'exit') return explainExit(outcome.exit, python);
  return `${what} in time. Raise the limit with --timeout S if the app is slow to run.`;
}
