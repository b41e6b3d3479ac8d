// The preview tunnel's messages between the webview (webview/tunnel/, Streamlit's own frontend
// with our shim) and the extension host (src/tunnel/, which talks to the app on 127.0.0.1).
// Every request, response body chunk and WebSocket frame of the frontend crosses here. Binary
// data crosses as Uint8Array (VS Code's postMessage carries typed arrays natively): never base64.
// Both ends validate everything they receive: a webview is a web page, its messages are
// untrusted input, and a malformed message must fail loudly with a reason, not half-work.
// Imported by src/tunnel/ and webview/tunnel/; documented in docs/protocol.md ("Preview tunnel").

/** Every tunnel message's `type` starts with this, so the panel can share one channel. */
export const TUNNEL_PREFIX = 'tunnel/';

/** The fake origin the frontend believes it talks to; nothing ever resolves it (`.invalid`). */
export const TUNNEL_ORIGIN = 'https://app.threadlit.invalid';

/** One HTTP header; a list, not a map, because names may repeat (Set-Cookie). */
export type HeaderList = Array<[string, string]>;

/** A WebSocket frame: text, or binary as bytes. */
export type FrameData = string | Uint8Array;

/** The id of the JSON block in the tunnel document that the shim reads at boot. */
export const CONFIG_ELEMENT_ID = 'threadlit-tunnel-config';

/** What the host tells the shim in that block, before Streamlit's bundle loads. */
export interface TunnelBootConfig {
  /** BACKEND_BASE_URL: the fake origin that the shim routes into the tunnel. */
  backendBaseUrl: string;
  /** The VS Code theme kind; the shim answers `prefers-color-scheme` with it. */
  theme: 'light' | 'dark';
  /** Streamlit theme options for its light and dark themes (LIGHT_THEME / DARK_THEME), if any. */
  lightTheme: Record<string, unknown> | null;
  darkTheme: Record<string, unknown> | null;
  streamlitVersion: string;
  /**
   * What the shim gives VS Code's `setState`: the panel's serializer reads it back after a window
   * reload to know which app the panel showed. Null: leave the webview's state alone.
   */
  webviewState: Record<string, unknown> | null;
}

// ---- webview → host --------------------------------------------------------------------

/** Webview → host: the shim is installed and Streamlit's bundle is about to load. */
export interface ReadyMessage {
  type: 'tunnel/ready';
  /** The webview document's own URL (origin + path), used as MAIN_PAGE_BASE_URL. */
  documentUrl: string;
}
/**
 * Webview → host: start an HTTP request to the app. `url` is absolute under TUNNEL_ORIGIN.
 * With `bodyFollows`, the body arrives as `tunnel/http-request-chunk`s ended by
 * `tunnel/http-request-end`; otherwise the request has no body.
 */
export interface HttpRequestMessage {
  type: 'tunnel/http-request';
  id: number;
  method: string;
  url: string;
  headers: HeaderList;
  bodyFollows: boolean;
}
/** Webview → host: one piece of a request body, in order. */
export interface HttpRequestChunkMessage {
  type: 'tunnel/http-request-chunk';
  id: number;
  data: Uint8Array;
}
/** Webview → host: the request body is complete. */
export interface HttpRequestEndMessage {
  type: 'tunnel/http-request-end';
  id: number;
}
/** Webview → host: the frontend gave up on a request (fetch abort, XHR abort, media unloaded). */
export interface HttpAbortMessage {
  type: 'tunnel/http-abort';
  id: number;
}
/** Webview → host: `new WebSocket(url, protocols)`; `url` is ws(s):// under TUNNEL_ORIGIN's host. */
export interface WsOpenMessage {
  type: 'tunnel/ws-open';
  id: number;
  url: string;
  protocols: string[];
}
/** Webview → host: one frame from the frontend. */
export interface WsSendMessage {
  type: 'tunnel/ws-send';
  id: number;
  data: FrameData;
}
/** Webview → host: the frontend closed its socket. */
export interface WsCloseMessage {
  type: 'tunnel/ws-close';
  id: number;
  code: number | null;
  reason: string;
}
/**
 * Webview → host: what Streamlit posted to `window.parent` (GUEST_READY, SCRIPT_RUN_STATE_CHANGED…),
 * forwarded unchanged apart from validation: a plain object with a string `type`.
 */
export interface AppHostMessage {
  type: 'tunnel/app-message';
  message: { type: string } & Record<string, unknown>;
}
/** Webview → host: the frontend started a download (an anchor click); the host saves the file. */
export interface DownloadMessage {
  type: 'tunnel/download';
  url: string;
  /** The anchor's `download` attribute, when it named the file. */
  filename: string | null;
}
/** Webview → host: a load that did not go through the tunnel and the CSP blocked. */
export interface EscapedLoadMessage {
  type: 'tunnel/escaped-load';
  url: string;
  /** The CSP directive that blocked it (`img-src`, `connect-src`…). */
  directive: string;
}

/** Longest `tunnel/log` text; the shim shortens longer ones. */
export const MAX_LOG_TEXT = 2000;

/** Webview → host: a warning or error of the shim, for the Threadlit log (its console is out of sight). */
export interface ShimLogMessage {
  type: 'tunnel/log';
  level: 'warn' | 'error';
  message: string;
}

/** URL schemes the host may open externally (`URL.protocol` form); anything else is refused. */
export const EXTERNAL_LINK_PROTOCOLS: readonly string[] = ['http:', 'https:', 'mailto:'];

/**
 * Webview → host: the user clicked a link out of the app (a markdown link, `window.open`); the
 * host opens it through VS Code (`vscode.env.openExternal`). `url` is absolute http(s) or mailto.
 */
export interface OpenExternalMessage {
  type: 'tunnel/open-external';
  url: string;
}

export type WebviewTunnelMessage =
  | ReadyMessage
  | HttpRequestMessage
  | HttpRequestChunkMessage
  | HttpRequestEndMessage
  | HttpAbortMessage
  | WsOpenMessage
  | WsSendMessage
  | WsCloseMessage
  | AppHostMessage
  | DownloadMessage
  | EscapedLoadMessage
  | OpenExternalMessage
  | ShimLogMessage;

// ---- host → webview --------------------------------------------------------------------

/** Host → webview: the app answered; body chunks follow, then `http-end` (or `http-error`). */
export interface HttpResponseMessage {
  type: 'tunnel/http-response';
  id: number;
  status: number;
  statusText: string;
  headers: HeaderList;
}
/** Host → webview: one piece of a response body, in order. */
export interface HttpChunkMessage {
  type: 'tunnel/http-chunk';
  id: number;
  data: Uint8Array;
}
/** Host → webview: the response body is complete. */
export interface HttpEndMessage {
  type: 'tunnel/http-end';
  id: number;
}
/** Host → webview: the request failed (refused, reset, rejected by the relay); nothing more follows. */
export interface HttpErrorMessage {
  type: 'tunnel/http-error';
  id: number;
  message: string;
}
/** Host → webview: the app accepted the WebSocket; `protocol` is the subprotocol it chose. */
export interface WsOpenedMessage {
  type: 'tunnel/ws-opened';
  id: number;
  protocol: string;
}
/** Host → webview: one frame from the app. */
export interface WsMessageMessage {
  type: 'tunnel/ws-message';
  id: number;
  data: FrameData;
}
/** Host → webview: the socket failed (handshake refused, connection reset); `ws-closed` follows. */
export interface WsErrorMessage {
  type: 'tunnel/ws-error';
  id: number;
  message: string;
}
/** Host → webview: the socket is closed; nothing more follows for this id. */
export interface WsClosedMessage {
  type: 'tunnel/ws-closed';
  id: number;
  code: number;
  reason: string;
  wasClean: boolean;
}

/**
 * Host → webview: VS Code's theme kind changed. The shim answers `prefers-color-scheme` with it
 * from now on and tells the frontend's listeners, so Streamlit's "Use system setting" theme
 * switches in place (the same session, its state kept). No id: it is for the document.
 */
export interface ThemeMessage {
  type: 'tunnel/theme';
  theme: 'light' | 'dark';
}

export type HostTunnelMessage =
  | ThemeMessage
  | HttpResponseMessage
  | HttpChunkMessage
  | HttpEndMessage
  | HttpErrorMessage
  | WsOpenedMessage
  | WsMessageMessage
  | WsErrorMessage
  | WsClosedMessage;

/**
 * Host → webview: the messages of one event-loop turn, in order, as one postMessage (see
 * src/tunnel/batch.ts). Never nested; a turn with one message sends it bare.
 */
export interface BatchMessage {
  type: 'tunnel/batch';
  messages: HostTunnelMessage[];
}

/** Most messages in one batch: a turn with more sends several. */
export const MAX_BATCH = 256;

// ---- validation ------------------------------------------------------------------------

/** A message that claimed to be a tunnel message but is not a valid one. */
export class TunnelProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TunnelProtocolError';
  }
}

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: TunnelProtocolError };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
const isFrame = (v: unknown): v is FrameData => typeof v === 'string' || isBytes(v);
// RFC 9110 token: what a method or a header name may contain.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A header value may not carry CR, LF or NUL (header injection).
const isHeaderValue = (v: unknown): v is string => typeof v === 'string' && !/[\r\n\0]/.test(v);
const MAX_HOST_MESSAGE_CHARS = 64 * 1024;

function isHeaders(v: unknown): v is HeaderList {
  return Array.isArray(v) && v.every((h) => Array.isArray(h) && h.length === 2 && typeof h[0] === 'string' && TOKEN.test(h[0]) && isHeaderValue(h[1]));
}

/** True for anything whose `type` says it belongs to the tunnel (valid or not). */
export function isTunnelMessage(data: unknown): boolean {
  return isObj(data) && typeof data.type === 'string' && data.type.startsWith(TUNNEL_PREFIX);
}

function fail<T>(type: unknown, why: string): Parsed<T> {
  return { ok: false, error: new TunnelProtocolError(`invalid tunnel message ${JSON.stringify(type)}: ${why}`) };
}

/** A check per field; the first that fails names the field in the error. */
function check<T>(data: Obj, fields: Record<string, (v: unknown) => boolean>): Parsed<T> {
  for (const [name, ok] of Object.entries(fields)) {
    if (!ok(data[name])) return fail(data.type, `bad or missing field "${name}"`);
  }
  // Copy only the known fields, so nothing unexpected rides along.
  const message: Obj = { type: data.type };
  for (const name of Object.keys(fields)) message[name] = data[name];
  return { ok: true, message: message as T };
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isCloseCode = (v: unknown): boolean => v === null || (isId(v) && (v === 1000 || (v >= 3000 && v <= 4999)));
const isStrList = (v: unknown): boolean => Array.isArray(v) && v.every((p) => typeof p === 'string' && TOKEN.test(p));

/** An absolute http(s) or mailto URL outside the app: never `command:`, `file:` or the fake host. */
function isExternalUrl(v: unknown): boolean {
  if (typeof v !== 'string' || v.length > 8192) return false;
  try {
    const url = new URL(v);
    // The fake host on any scheme or port is the app itself, never a place to open.
    return EXTERNAL_LINK_PROTOCOLS.includes(url.protocol) && url.hostname !== new URL(TUNNEL_ORIGIN).hostname;
  } catch {
    return false;
  }
}

function isJsonSized(v: unknown): boolean {
  try {
    const text = JSON.stringify(v);
    return text !== undefined && text.length <= MAX_HOST_MESSAGE_CHARS;
  } catch {
    return false;
  }
}

/** Validates what the host received from the webview. */
export function parseWebviewTunnelMessage(data: unknown): Parsed<WebviewTunnelMessage> {
  if (!isObj(data)) return fail(undefined, 'not an object');
  switch (data.type) {
    case 'tunnel/ready':
      return check(data, { documentUrl: isStr });
    case 'tunnel/http-request':
      return check(data, { id: isId, method: (v) => isStr(v) && TOKEN.test(v), url: isStr, headers: isHeaders, bodyFollows: isBool });
    case 'tunnel/http-request-chunk':
      return check(data, { id: isId, data: isBytes });
    case 'tunnel/http-request-end':
    case 'tunnel/http-abort':
      return check(data, { id: isId });
    case 'tunnel/ws-open':
      return check(data, { id: isId, url: isStr, protocols: isStrList });
    case 'tunnel/ws-send':
      return check(data, { id: isId, data: isFrame });
    case 'tunnel/ws-close':
      return check(data, { id: isId, code: isCloseCode, reason: (v) => isStr(v) && v.length <= 123 });
    case 'tunnel/app-message':
      return check(data, { message: (v) => isObj(v) && isStr(v.type) && isJsonSized(v) });
    case 'tunnel/download':
      return check(data, { url: isStr, filename: (v) => v === null || isStr(v) });
    case 'tunnel/escaped-load':
      return check(data, { url: isStr, directive: isStr });
    case 'tunnel/log':
      return check(data, { level: (v) => v === 'warn' || v === 'error', message: (v) => isStr(v) && v.length <= MAX_LOG_TEXT });
    case 'tunnel/open-external':
      return check(data, { url: isExternalUrl });
    default:
      return fail(data.type, 'unknown type');
  }
}

/** Validates what the webview received from the host. */
/**
 * What one host postMessage carries: a batch's messages, or the one bare message. Each is
 * validated on its own; the invalid ones come back as errors, the rest still count.
 */
export function unpackHostTunnelPost(data: unknown): Array<Parsed<HostTunnelMessage>> {
  if (!isObj(data) || data.type !== 'tunnel/batch') return [parseHostTunnelMessage(data)];
  const { messages } = data;
  if (!Array.isArray(messages) || messages.length === 0 || messages.length > MAX_BATCH) return [fail('tunnel/batch', `messages must be 1–${MAX_BATCH} messages`)];
  return messages.map((message: unknown) => (isObj(message) && message.type === 'tunnel/batch' ? fail('tunnel/batch', 'nested batch') : parseHostTunnelMessage(message)));
}

export function parseHostTunnelMessage(data: unknown): Parsed<HostTunnelMessage> {
  if (!isObj(data)) return fail(undefined, 'not an object');
  switch (data.type) {
    case 'tunnel/http-response':
      return check(data, {
        id: isId,
        status: (v) => isId(v) && v >= 100 && v <= 599,
        statusText: isStr,
        headers: isHeaders,
      });
    case 'tunnel/http-chunk':
      return check(data, { id: isId, data: isBytes });
    case 'tunnel/http-end':
      return check(data, { id: isId });
    case 'tunnel/http-error':
    case 'tunnel/ws-error':
      return check(data, { id: isId, message: isStr });
    case 'tunnel/ws-opened':
      return check(data, { id: isId, protocol: isStr });
    case 'tunnel/ws-message':
      return check(data, { id: isId, data: isFrame });
    case 'tunnel/ws-closed':
      return check(data, { id: isId, code: isId, reason: isStr, wasClean: isBool });
    case 'tunnel/theme':
      return check(data, { theme: (v) => v === 'light' || v === 'dark' });
    default:
      return fail(data.type, 'unknown type');
  }
}
