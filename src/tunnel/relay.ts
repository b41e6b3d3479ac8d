// The host side of the preview tunnel for one app: validates every message from the webview,
// hands requests and sockets to the HTTP and WebSocket relays, and surfaces what is not traffic
// (Streamlit's host messages, downloads, escaped loads) as events for the panel. No `vscode`
// here: the panel passes a `post` function, and tests drive it directly.

import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import {
  isTunnelMessage,
  parseWebviewTunnelMessage,
  type AppHostMessage,
  type DownloadMessage,
  type EscapedLoadMessage,
  type ShimLogMessage,
  type HostTunnelMessage,
  type OpenExternalMessage,
  type ReadyMessage,
  type TunnelProtocolError,
} from '../protocol/tunnel';
import { Emitter } from '../core/emitter';
import { appPath, appTarget, type AppTarget } from './appTarget';
import { CookieJar } from './cookieJar';
import { HttpRelay } from './httpRelay';
import { WsRelay } from './wsRelay';

export interface TunnelRelayOptions {
  /** The app's port on 127.0.0.1 (the runtime's `ready` event says which). */
  port: number;
  /** Delivers a message to the webview (the panel's `webview.postMessage`). */
  post: (message: HostTunnelMessage) => void;
}

/** Counters for the log and the tests. */
export interface TunnelStats {
  requests: number;
  sockets: number;
  framesIn: number;
  framesOut: number;
  rejected: number;
}

export class TunnelRelay {
  private readonly readyEmitter = new Emitter<ReadyMessage>();
  private readonly appMessageEmitter = new Emitter<AppHostMessage['message']>();
  private readonly downloadEmitter = new Emitter<DownloadMessage>();
  private readonly escapedLoadEmitter = new Emitter<EscapedLoadMessage>();
  private readonly protocolErrorEmitter = new Emitter<TunnelProtocolError>();
  private readonly openExternalEmitter = new Emitter<OpenExternalMessage>();
  private readonly logEmitter = new Emitter<ShimLogMessage>();

  /** The shim is installed in the webview; Streamlit's bundle loads next. */
  readonly onReady = this.readyEmitter.event;
  /** What Streamlit posted to its parent window (run state, theme, GUEST_READY…). */
  readonly onAppMessage = this.appMessageEmitter.event;
  /** The frontend started a download; the panel asks where to save it and calls `saveDownload`. */
  readonly onDownload = this.downloadEmitter.event;
  /** A load escaped the tunnel and the CSP blocked it: log it, it is a bug in a seam. */
  readonly onEscapedLoad = this.escapedLoadEmitter.event;
  /** The user clicked a link out of the app (http, https or mailto, validated): open it with `vscode.env.openExternal`. */
  readonly onOpenExternal = this.openExternalEmitter.event;
  /** The shim warned or failed (a media file it could not stream, a component that did not load): for the log. */
  readonly onLog = this.logEmitter.event;
  /** The webview sent a tunnel message that is not valid; it was dropped. */
  readonly onProtocolError = this.protocolErrorEmitter.event;

  readonly target: AppTarget;
  readonly jar = new CookieJar();
  readonly stats: TunnelStats = { requests: 0, sockets: 0, framesIn: 0, framesOut: 0, rejected: 0 };
  private readonly http: HttpRelay;
  private readonly ws: WsRelay;
  private disposed = false;

  constructor(options: TunnelRelayOptions) {
    this.target = appTarget(options.port);
    const post = (message: HostTunnelMessage): void => {
      if (this.disposed) return;
      if (message.type === 'tunnel/ws-message') this.stats.framesIn++;
      options.post(message);
    };
    this.http = new HttpRelay(this.target, this.jar, post);
    this.ws = new WsRelay(this.target, this.jar, post, () => this.http.ensureXsrfCookie());
  }

  /**
   * Handles one message from the webview. Returns false for messages that are not the tunnel's
   * (the panel's own toolbar messages share the channel); invalid tunnel messages are dropped
   * and reported on `onProtocolError`.
   */
  receive(data: unknown): boolean {
    if (!isTunnelMessage(data)) return false;
    if (this.disposed) return true;
    const parsed = parseWebviewTunnelMessage(data);
    if (!parsed.ok) {
      this.stats.rejected++;
      this.protocolErrorEmitter.fire(parsed.error);
      return true;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'tunnel/ready':
        this.readyEmitter.fire(message);
        break;
      case 'tunnel/http-request':
        this.stats.requests++;
        this.http.start(message);
        break;
      case 'tunnel/http-request-chunk':
        this.http.chunk(message.id, message.data);
        break;
      case 'tunnel/http-request-end':
        this.http.end(message.id);
        break;
      case 'tunnel/http-abort':
        this.http.abort(message.id);
        break;
      case 'tunnel/ws-open':
        this.stats.sockets++;
        this.ws.open(message);
        break;
      case 'tunnel/ws-send':
        this.stats.framesOut++;
        this.ws.send(message.id, message.data);
        break;
      case 'tunnel/ws-close':
        this.ws.close(message.id, message.code, message.reason);
        break;
      case 'tunnel/app-message':
        this.appMessageEmitter.fire(message.message);
        break;
      case 'tunnel/download':
        this.downloadEmitter.fire(message);
        break;
      case 'tunnel/escaped-load':
        this.escapedLoadEmitter.fire(message);
        break;
      case 'tunnel/open-external':
        this.openExternalEmitter.fire(message);
        break;
      case 'tunnel/log':
        this.logEmitter.fire(message);
        break;
    }
    return true;
  }

  /** Streams a download (a `tunnel/download` URL) from the app into `file`; no whole-file copy. */
  async saveDownload(url: string, file: string): Promise<void> {
    const response = await this.http.get(appPath(url, 'http'));
    if ((response.statusCode ?? 500) >= 400) {
      response.resume();
      throw new Error(`the app answered ${response.statusCode} for ${url}`);
    }
    await pipeline(response, createWriteStream(file));
  }

  /** Requests and sockets still open. */
  get active(): { requests: number; sockets: number } {
    return { requests: this.http.inFlight, sockets: this.ws.count };
  }

  /** Ends every request and socket; the webview gets `ws-closed` for open sockets first. */
  dispose(): void {
    if (this.disposed) return;
    this.ws.dispose();
    this.disposed = true;
    this.http.dispose();
    for (const emitter of [this.readyEmitter, this.appMessageEmitter, this.downloadEmitter, this.escapedLoadEmitter, this.openExternalEmitter, this.logEmitter, this.protocolErrorEmitter]) {
      emitter.dispose();
    }
  }
}
