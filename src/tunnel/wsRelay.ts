// Carries the frontend's WebSockets to the app with `ws`. The handshake gets the jar's cookies,
// and the XSRF token replaces the placeholder the frontend puts second in its subprotocols (it
// cannot read the cookie itself). Frames go both ways unchanged: text as strings, binary as bytes.
// Frames the frontend sends before the app accepted the socket wait here, in order.

import WebSocket from 'ws';
import type { FrameData, HostTunnelMessage, WsOpenMessage } from '../protocol/tunnel';
import { appPath, type AppTarget } from './appTarget';
import { XSRF_COOKIE, type CookieJar } from './cookieJar';

type Post = (message: HostTunnelMessage) => void;

interface Relayed {
  /** Undefined until the handshake starts (after the XSRF cookie is there). */
  socket: WebSocket | undefined;
  queue: FrameData[];
  /** The frontend closed it: the app's close is not news to it, and errors are expected. */
  closedByFrontend: boolean;
  /** `ws-closed` was posted: nothing more goes out for this id. */
  finished: boolean;
}

/** Streamlit's subprotocol list is ['streamlit', <xsrf token or placeholder>, <session id>?]. */
export function handshakeProtocols(protocols: readonly string[], xsrf: string | undefined): string[] {
  const list = [...protocols];
  if (xsrf !== undefined && list[0] === 'streamlit' && list.length >= 2) list[1] = xsrf;
  return list;
}

export class WsRelay {
  private readonly sockets = new Map<number, Relayed>();

  constructor(
    private readonly target: AppTarget,
    private readonly jar: CookieJar,
    private readonly post: Post,
    /** Called before each handshake: makes sure the jar has the XSRF cookie. */
    private readonly beforeOpen: () => Promise<void> = async () => undefined,
  ) {}

  open(message: WsOpenMessage): void {
    const { id } = message;
    if (this.sockets.has(id)) {
      this.post({ type: 'tunnel/ws-error', id, message: `socket id ${id} is already in use` });
      return;
    }
    let path: string;
    try {
      path = appPath(message.url, 'ws');
    } catch (err) {
      this.post({ type: 'tunnel/ws-error', id, message: (err as Error).message });
      this.post({ type: 'tunnel/ws-closed', id, code: 1006, reason: '', wasClean: false });
      return;
    }
    // Placeholder entry so frames and a close that arrive during priming are kept.
    const entry: Relayed = { socket: undefined, queue: [], closedByFrontend: false, finished: false };
    this.sockets.set(id, entry);
    const connect = (): void => {
      if (entry.closedByFrontend) {
        this.finish(id, 1006, '', false);
        return;
      }
      const headers: Record<string, string> = {};
      const cookie = this.jar.header(path);
      if (cookie !== undefined) headers.cookie = cookie;
      const protocols = handshakeProtocols(message.protocols, this.jar.get(XSRF_COOKIE, path));
      // No Origin header: Streamlit accepts a handshake without one (a non-browser client).
      const socket = new WebSocket(`ws://${this.target.host}:${this.target.port}${path}`, protocols, { headers, perMessageDeflate: false });
      entry.socket = socket;
      this.wire(id, entry, socket);
    };
    this.beforeOpen().then(connect, connect);
  }

  send(id: number, data: FrameData): void {
    const entry = this.sockets.get(id);
    if (entry === undefined || entry.closedByFrontend) return;
    if (entry.socket === undefined || entry.socket.readyState === WebSocket.CONNECTING) entry.queue.push(data);
    else if (entry.socket.readyState === WebSocket.OPEN) entry.socket.send(data, { binary: typeof data !== 'string' });
  }

  close(id: number, code: number | null, reason: string): void {
    const entry = this.sockets.get(id);
    if (entry === undefined) return;
    entry.closedByFrontend = true;
    const socket = entry.socket;
    if (socket === undefined) return; // connect() sees the flag and finishes.
    if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
    else if (socket.readyState === WebSocket.OPEN) socket.close(code ?? 1000, reason);
  }

  /** Number of sockets not yet closed (for tests and the log). */
  get count(): number {
    return this.sockets.size;
  }

  dispose(): void {
    for (const [id, entry] of this.sockets) {
      entry.closedByFrontend = true;
      entry.socket?.terminate();
      this.finish(id, 1001, 'tunnel closed', false);
    }
    this.sockets.clear();
  }

  private wire(id: number, entry: Relayed, socket: WebSocket): void {
    socket.binaryType = 'nodebuffer';
    socket.on('open', () => {
      this.post({ type: 'tunnel/ws-opened', id, protocol: socket.protocol });
      for (const frame of entry.queue) socket.send(frame, { binary: typeof frame !== 'string' });
      entry.queue = [];
    });
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (entry.finished) return;
      this.post({ type: 'tunnel/ws-message', id, data: isBinary ? new Uint8Array(data) : data.toString('utf8') });
    });
    socket.on('error', (err) => {
      if (!entry.closedByFrontend && !entry.finished) this.post({ type: 'tunnel/ws-error', id, message: `app socket failed: ${err.message}` });
    });
    socket.on('close', (code: number, reason: Buffer) => {
      this.finish(id, code, reason.toString('utf8'), code !== 1006);
    });
  }

  private finish(id: number, code: number, reason: string, wasClean: boolean): void {
    const entry = this.sockets.get(id);
    if (entry === undefined || entry.finished) return;
    entry.finished = true;
    this.sockets.delete(id);
    this.post({ type: 'tunnel/ws-closed', id, code, reason, wasClean });
  }
}
