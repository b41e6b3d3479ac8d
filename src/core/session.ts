// A headless browser session: connects to Streamlit's websocket and asks for the first run, the
// way the frontend does, so `threadlit check --run` can run an app without a browser.

import WebSocket from 'ws';
import { encodeRerunBackMsg, localClientContext, type ClientContext } from './backMsg';

export interface SessionOptions {
  port: number;
  host?: string;
  /** How long to wait for the connection to open. */
  connectTimeoutMs?: number;
  /** Overrides the context the session reports (tests pin it). */
  context?: ClientContext;
}

/** One open session. Streamlit keeps the session, and its script threads, while it is open. */
export interface StreamlitSession {
  /** Forward messages received so far (the session is alive and Streamlit talks to it). */
  readonly messagesReceived: number;
  /** Resolves when the socket closes, from either side. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

export function streamUrl(host: string, port: number): string {
  return `ws://${host}:${port}/_stcore/stream`;
}

/** Opens the websocket, sends the first `rerun_script`, and resolves once it is sent. */
export function openSession(options: SessionOptions): Promise<StreamlitSession> {
  const host = options.host ?? '127.0.0.1';
  const appUrl = `http://${host}:${options.port}/`;
  // Streamlit reads the first subprotocol entry as the one to select, as the frontend sends it.
  const socket = new WebSocket(streamUrl(host, options.port), ['streamlit'], { handshakeTimeout: options.connectTimeoutMs ?? 10_000 });
  let received = 0;
  socket.on('message', () => received++);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

  const session: StreamlitSession = {
    get messagesReceived() {
      return received;
    },
    closed,
    close: async () => {
      if (socket.readyState === WebSocket.CLOSED) return;
      socket.close(1000);
      // A server that does not answer the close frame must not hold the caller.
      const timer = setTimeout(() => socket.terminate(), 1000);
      await closed;
      clearTimeout(timer);
    },
  };

  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => {
      socket.off('error', reject);
      // Later errors end the session; `closed` reports that.
      socket.on('error', () => undefined);
      socket.send(encodeRerunBackMsg(options.context ?? localClientContext(appUrl)), { binary: true }, (err) => {
        if (err) reject(err);
        else resolve(session);
      });
    });
  });
}
