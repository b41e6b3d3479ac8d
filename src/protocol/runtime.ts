// The channel between the host (extension or CLI, Node) and the Python runtime.
//
// Newline-delimited JSON. The runtime writes events on a duplicate of its original stdout
// (fd 1 itself points at stderr, so user prints never reach the channel); the host writes
// commands on the runtime's stdin. Every message carries `v`, the schema version.
// Mirror: runtime/threadlit_runtime/protocol.py. Documented in docs/protocol.md; a test
// fails when the three disagree.

export const PROTOCOL_VERSION = 1;

export type Severity = 'error' | 'warning' | 'info';

/** Where a monitor event happened: the first frame in the user's code, not Streamlit's. */
export interface UserSite {
  file: string;
  /** 1-based line. */
  line: number;
  function: string;
}

// ---- events: runtime → host ------------------------------------------------------------

/** The server is listening and the app can be opened. Sent once. */
export interface ReadyEvent {
  type: 'ready';
  url: string;
  port: number;
  streamlitVersion: string;
  pythonVersion: string;
  pid: number;
  /** False when the monitor is off (`--no-monitor`, or Streamlit's internals differ). */
  monitor: boolean;
  /** True in fast-reruns mode (`--fast-reruns`): TCP_NODELAY and no post-script GC. */
  fastReruns: boolean;
}

/** A script run began for a browser session. `run` counts from 1 per session. */
export interface RunStartedEvent {
  type: 'runStarted';
  session: string;
  run: number;
}

/** A script run ended. `duration` is in seconds. */
export interface RunFinishedEvent {
  type: 'runFinished';
  session: string;
  run: number;
  status: 'ok' | 'error' | 'stopped' | 'rerun';
  duration: number;
}

export type MonitorKind =
  | 'missing-context'
  | 'session-state-without-context'
  | 'thread-exception'
  | 'outlived-run'
  | 'wrong-run-write'
  | 'global-corruption';

export type MonitorOutcome = 'dropped' | 'raised' | 'wrong-run' | 'corrupted' | 'alive' | 'exception';

/** A thread-context problem seen while the app runs. Deduplicated per (kind, site, run): `count` grows. */
export interface MonitorEvent {
  type: 'monitor';
  kind: MonitorKind;
  severity: Severity;
  thread: { name: string; id: number };
  /** The session and run the offending thread belongs to, when known. */
  session: string | null;
  run: number | null;
  site: UserSite | null;
  /** The Streamlit call, e.g. `container.write` or `st.session_state`. */
  call: string;
  outcome: MonitorOutcome;
  count: number;
  message: string;
  traceback?: string;
}

export interface ThreadInfo {
  name: string;
  id: number;
  daemon: boolean;
  alive: boolean;
  /** Session and run of the ScriptRunContext the thread carries, or null without one. */
  session: string | null;
  run: number | null;
  /** True for threads Streamlit itself runs (server, script threads). */
  streamlit: boolean;
}

/** All threads of the runtime: on change (at most 4 a second) and on request. */
export interface ThreadsEvent {
  type: 'threads';
  threads: ThreadInfo[];
}

export interface LogEvent {
  type: 'log';
  level: 'debug' | 'info' | 'warning' | 'error';
  message: string;
}

/**
 * Something went wrong that the user should see; `code` is stable, `message` names the fix.
 * `fatal`: the runtime could not start the app and an `exit` event (code 2) follows.
 */
export interface ErrorEvent {
  type: 'error';
  code: RuntimeErrorCode;
  message: string;
  fatal: boolean;
}

/** Stable error codes. Not fatal: `bad-command`, `monitor-off`; every other code is. */
export type RuntimeErrorCode =
  | 'bad-command'
  | 'bad-arguments'
  | 'python-too-old'
  | 'streamlit-missing'
  | 'streamlit-too-old'
  | 'app-not-found'
  | 'syntax-error'
  | 'port-busy'
  | 'monitor-off'
  | 'internal';

/** Exit codes of the runtime process: 0 after a shutdown, 2 when the app could not start. */
export const RUNTIME_EXIT_OK = 0;
export const RUNTIME_EXIT_FAILED = 2;

/** The runtime is about to exit; the last event. `code` is the process exit code. */
export interface ExitEvent {
  type: 'exit';
  code: number;
  reason: 'shutdown' | 'stdin-closed' | 'signal' | 'error';
}

export type RuntimeEvent = (
  | ReadyEvent
  | RunStartedEvent
  | RunFinishedEvent
  | MonitorEvent
  | ThreadsEvent
  | LogEvent
  | ErrorEvent
  | ExitEvent
) & { v: typeof PROTOCOL_VERSION };

// ---- commands: host → runtime ---------------------------------------------------------

/** Rerun the app in every connected session. */
export interface RerunCommand {
  type: 'rerun';
}
/** Send a `threads` snapshot now. */
export interface ThreadsCommand {
  type: 'threads';
}
/** Stop the server and exit within 2 s. */
export interface ShutdownCommand {
  type: 'shutdown';
}

export type RuntimeCommand = (RerunCommand | ThreadsCommand | ShutdownCommand) & { v: typeof PROTOCOL_VERSION };
