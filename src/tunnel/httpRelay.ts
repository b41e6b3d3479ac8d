// Carries the frontend's HTTP requests to the app with node:http: request bodies arrive in
// chunks and are written as they come, responses go back chunk by chunk as the app sends them
// (a large video never sits whole in the host's memory), and the cookie jar plus the XSRF header
// make Streamlit's default XSRF protection pass, as in a browser on the app's own origin.

import * as http from 'node:http';
import type { HeaderList, HostTunnelMessage, HttpRequestMessage } from '../protocol/tunnel';
import { appPath, frontendLocation, type AppTarget } from './appTarget';
import { XSRF_COOKIE, type CookieJar } from './cookieJar';

// Hop-by-hop and origin-bound headers: the relay owns the connection, the cookies and the host.
const DROPPED_REQUEST_HEADERS = new Set([
  'connection', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding',
  'upgrade', 'host', 'cookie', 'origin', 'referer', 'content-length', 'x-xsrftoken',
]);
const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'set-cookie', 'trailer', 'upgrade']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// The XSRF cookie comes with the health check; the relay asks for it itself when a state-changing
// request comes first, so an upload never fails with 403 for want of a cookie.
const XSRF_SOURCE_PATH = '/_stcore/health';

type Post = (message: HostTunnelMessage) => void;

interface Exchange {
  request: http.ClientRequest | undefined;
  /** Body chunks that arrived before the request could be sent (waiting for the XSRF cookie). */
  pending: Uint8Array[];
  ended: boolean;
  aborted: boolean;
}

export class HttpRelay {
  private readonly exchanges = new Map<number, Exchange>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private xsrfPriming: Promise<void> | undefined;

  constructor(
    private readonly target: AppTarget,
    private readonly jar: CookieJar,
    private readonly post: Post,
  ) {}

  /** Starts a request; its body (if any) follows through `chunk` and `end`. */
  start(message: HttpRequestMessage): void {
    const { id } = message;
    if (this.exchanges.has(id)) {
      this.post({ type: 'tunnel/http-error', id, message: `request id ${id} is already in use` });
      return;
    }
    let path: string;
    try {
      path = appPath(message.url, 'http');
    } catch (err) {
      this.post({ type: 'tunnel/http-error', id, message: (err as Error).message });
      return;
    }
    const exchange: Exchange = { request: undefined, pending: [], ended: !message.bodyFollows, aborted: false };
    this.exchanges.set(id, exchange);
    const method = message.method.toUpperCase();
    const send = (): void => {
      if (exchange.aborted) return;
      exchange.request = this.send(id, method, path, message.headers);
      for (const piece of exchange.pending) exchange.request.write(piece);
      exchange.pending = [];
      if (exchange.ended) exchange.request.end();
    };
    if (SAFE_METHODS.has(method)) send();
    else this.ensureXsrfCookie().then(send, send);
  }

  chunk(id: number, data: Uint8Array): void {
    const exchange = this.exchanges.get(id);
    if (exchange === undefined || exchange.ended) return;
    if (exchange.request === undefined) exchange.pending.push(data);
    else exchange.request.write(data);
  }

  end(id: number): void {
    const exchange = this.exchanges.get(id);
    if (exchange === undefined || exchange.ended) return;
    exchange.ended = true;
    exchange.request?.end();
  }

  /** The frontend gave up: the app's response (and the socket under it) is dropped. */
  abort(id: number): void {
    const exchange = this.exchanges.get(id);
    if (exchange === undefined) return;
    exchange.aborted = true;
    exchange.request?.destroy();
    this.exchanges.delete(id);
  }

  /** Number of requests in flight (for tests and the log). */
  get inFlight(): number {
    return this.exchanges.size;
  }

  dispose(): void {
    for (const id of [...this.exchanges.keys()]) this.abort(id);
    this.agent.destroy();
  }

  /** A GET on the app outside any frontend request: for downloads saved by the host. */
  get(path: string): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const request = http.request({ ...this.base(path, 'GET', []), agent: this.agent }, (response) => {
        this.jar.store(response.headers['set-cookie'], path);
        resolve(response);
      });
      request.on('error', reject);
      request.end();
    });
  }

  private base(path: string, method: string, headers: HeaderList): http.RequestOptions {
    const outgoing: http.OutgoingHttpHeaders = {};
    for (const [name, value] of headers) {
      const lower = name.toLowerCase();
      if (DROPPED_REQUEST_HEADERS.has(lower)) continue;
      const previous = outgoing[lower];
      outgoing[lower] = previous === undefined ? value : `${String(previous)}, ${value}`;
    }
    const cookie = this.jar.header(path);
    if (cookie !== undefined) outgoing.cookie = cookie;
    const xsrf = this.jar.get(XSRF_COOKIE, path);
    if (xsrf !== undefined) outgoing['x-xsrftoken'] = xsrf;
    return { host: this.target.host, port: this.target.port, method, path, headers: outgoing };
  }

  private send(id: number, method: string, path: string, headers: HeaderList): http.ClientRequest {
    const request = http.request({ ...this.base(path, method, headers), agent: this.agent }, (response) => {
      this.jar.store(response.headers['set-cookie'], path);
      if (!this.exchanges.has(id)) {
        response.destroy();
        return;
      }
      this.post({
        type: 'tunnel/http-response',
        id,
        status: response.statusCode ?? 502,
        statusText: response.statusMessage ?? '',
        headers: this.responseHeaders(response),
      });
      response.on('data', (chunk: Buffer) => {
        // A copy of just this chunk: Node pools small buffers, and the webview must not get the pool.
        if (this.exchanges.has(id)) this.post({ type: 'tunnel/http-chunk', id, data: new Uint8Array(chunk) });
      });
      response.on('end', () => {
        if (this.exchanges.delete(id)) this.post({ type: 'tunnel/http-end', id });
      });
      response.on('error', (err) => this.fail(id, err));
    });
    request.on('error', (err) => this.fail(id, err));
    return request;
  }

  private fail(id: number, err: Error): void {
    const exchange = this.exchanges.get(id);
    if (exchange === undefined || exchange.aborted) return;
    this.exchanges.delete(id);
    this.post({ type: 'tunnel/http-error', id, message: `app request failed: ${err.message}` });
  }

  private responseHeaders(response: http.IncomingMessage): HeaderList {
    const headers: HeaderList = [];
    const raw = response.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i] as string;
      let value = raw[i + 1] as string;
      const lower = name.toLowerCase();
      if (DROPPED_RESPONSE_HEADERS.has(lower)) continue;
      if (lower === 'location') value = frontendLocation(value, this.target);
      headers.push([name, value]);
    }
    return headers;
  }

  /**
   * Makes sure the jar holds Streamlit's XSRF cookie (it comes with the health check), asking for
   * it once when it is missing; concurrent callers share one request. Never rejects: without the
   * cookie the request itself fails and says why.
   */
  ensureXsrfCookie(): Promise<void> {
    if (this.jar.get(XSRF_COOKIE) !== undefined) return Promise.resolve();
    this.xsrfPriming ??= this.get(XSRF_SOURCE_PATH)
      .then((response) => {
        response.resume();
        return new Promise<void>((resolve) => response.on('end', resolve).on('error', () => resolve()));
      })
      .catch(() => undefined)
      .finally(() => {
        this.xsrfPriming = undefined;
      });
    return this.xsrfPriming;
  }
}
