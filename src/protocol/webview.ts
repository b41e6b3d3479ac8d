// The messages between the extension host and the preview webview (webview/), in both
// directions, with validators that both ends run on everything they receive: a webview is a
// web page, and whatever it posts is untrusted input. Imported by src/preview/ and webview/.

import type { MonitorEvent, ThreadInfo } from './runtime';

/** The app's state as the toolbar shows it (same names as the app manager's states). */
export type AppViewState = 'starting' | 'running' | 'rerunning' | 'error' | 'stopped';
export type ThemeKind = 'light' | 'dark';

/** What the panel draws for its app. Sent on every change. */
export interface AppView {
  /** Absolute path of the app file. */
  app: string;
  /** The file name, for the title. */
  name: string;
  state: AppViewState;
  /** The iframe's URL (external URI with embed options), when the app is serving. */
  frameUrl: string | null;
  error: string | null;
  monitorEventCount: number;
  /** A line for the toolbar about the transport, e.g. why the tunnel fell back to the iframe. */
  note: string | null;
}

// ---- host → webview --------------------------------------------------------------------

/** Host → webview: the app changed state, or the webview just said `ready`. */
export interface StateMessage {
  type: 'state';
  view: AppView;
}
/** Host → webview: the monitor's events so far (deduplicated; replaces the previous list). */
export interface MonitorMessage {
  type: 'monitor';
  events: MonitorEvent[];
}
/** Host → webview: the runtime's latest threads snapshot. */
export interface ThreadsMessage {
  type: 'threads';
  threads: ThreadInfo[];
}
/** Host → webview: open the Threads pane (the Show Threads command). */
export interface ShowThreadsMessage {
  type: 'showThreads';
}

export type HostMessage = StateMessage | MonitorMessage | ThreadsMessage | ShowThreadsMessage;

// ---- webview → host --------------------------------------------------------------------

/** Webview → host: the script is loaded; send the current state. */
export interface ReadyMessage {
  type: 'ready';
}
export type ToolbarCommand = 'rerun' | 'stop' | 'restart' | 'start' | 'openInBrowser';
export const TOOLBAR_COMMANDS: readonly ToolbarCommand[] = ['rerun', 'stop', 'restart', 'start', 'openInBrowser'];
/** Webview → host: a toolbar button was pressed. */
export interface CommandMessage {
  type: 'command';
  command: ToolbarCommand;
}
/** Webview → host: a monitor event was clicked; open its file at its line (1-based). */
export interface RevealMessage {
  type: 'reveal';
  file: string;
  line: number;
}
/** What Streamlit's frontend told its parent window (the webview), forwarded for the log and tests. */
export type FrameStatus = 'guest-ready' | 'connected' | 'disconnected' | 'running' | 'idle';
export const FRAME_STATUSES: readonly FrameStatus[] = ['guest-ready', 'connected', 'disconnected', 'running', 'idle'];
export interface FrameStatusMessage {
  type: 'frameStatus';
  status: FrameStatus;
}

export type WebviewMessage = ReadyMessage | CommandMessage | RevealMessage | FrameStatusMessage;

/**
 * Streamlit's host-communication message (what its frontend posts to its parent window: the
 * webview in iframe mode, the tunnel's parent stub in tunnel mode) as a FrameStatus, if `data`
 * is one we understand.
 */
export function streamlitFrameStatus(data: unknown): FrameStatus | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  if (message.stCommVersion !== 1) return undefined;
  switch (message.type) {
    case 'GUEST_READY':
      return 'guest-ready';
    case 'WEBSOCKET_CONNECTED':
      return 'connected';
    case 'WEBSOCKET_DISCONNECTED':
      return 'disconnected';
    case 'SCRIPT_RUN_STATE_CHANGED':
      // 'running', 'rerunRequested' and 'stopRequested' are all a run in progress.
      return message.scriptRunState === 'notRunning' || message.scriptRunState === 'compilationError' ? 'idle' : 'running';
    default:
      return undefined;
  }
}

// ---- validation ------------------------------------------------------------------------

const STATES: readonly AppViewState[] = ['starting', 'running', 'rerunning', 'error', 'stopped'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNullableStr = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const oneOf = <T extends string>(values: readonly T[], v: unknown): v is T => typeof v === 'string' && (values as readonly string[]).includes(v);

function isAppView(v: unknown): v is AppView {
  return (
    isObj(v) &&
    isStr(v.app) &&
    isStr(v.name) &&
    oneOf(STATES, v.state) &&
    isNullableStr(v.frameUrl) &&
    isNullableStr(v.error) &&
    isCount(v.monitorEventCount) &&
    isNullableStr(v.note)
  );
}

function isThreadInfo(v: unknown): v is ThreadInfo {
  return isObj(v) && isStr(v.name) && typeof v.id === 'number' && typeof v.alive === 'boolean' && typeof v.daemon === 'boolean';
}

function isMonitorEvent(v: unknown): v is MonitorEvent {
  if (!isObj(v) || !isStr(v.kind) || !isStr(v.severity) || !isStr(v.message) || !isStr(v.call) || !isCount(v.count)) return false;
  if (!isObj(v.thread) || !isStr(v.thread.name)) return false;
  const site = v.site;
  return site === null || (isObj(site) && isStr(site.file) && isCount(site.line) && isStr(site.function));
}

/** Validates a message the webview received; undefined for anything that is not one of ours. */
export function parseHostMessage(data: unknown): HostMessage | undefined {
  if (!isObj(data)) return undefined;
  switch (data.type) {
    case 'state':
      return isAppView(data.view) ? { type: 'state', view: data.view } : undefined;
    case 'monitor':
      return Array.isArray(data.events) && data.events.every(isMonitorEvent) ? { type: 'monitor', events: data.events } : undefined;
    case 'threads':
      return Array.isArray(data.threads) && data.threads.every(isThreadInfo) ? { type: 'threads', threads: data.threads } : undefined;
    case 'showThreads':
      return { type: 'showThreads' };
    default:
      return undefined;
  }
}

/** Validates a message the host received from the webview; undefined for anything else. */
export function parseWebviewMessage(data: unknown): WebviewMessage | undefined {
  if (!isObj(data)) return undefined;
  switch (data.type) {
    case 'ready':
      return { type: 'ready' };
    case 'command':
      return oneOf(TOOLBAR_COMMANDS, data.command) ? { type: 'command', command: data.command } : undefined;
    case 'reveal':
      return isStr(data.file) && data.file.length > 0 && isCount(data.line) && data.line >= 1
        ? { type: 'reveal', file: data.file, line: data.line }
        : undefined;
    case 'frameStatus':
      return oneOf(FRAME_STATUSES, data.status) ? { type: 'frameStatus', status: data.status } : undefined;
    default:
      return undefined;
  }
}

/** The webview's persisted state (getState/setState), read back by the panel serializer. */
export interface PreviewPersistedState {
  app: string;
}

export function parsePersistedState(data: unknown): PreviewPersistedState | undefined {
  return isObj(data) && isStr(data.app) && data.app.length > 0 ? { app: data.app } : undefined;
}
