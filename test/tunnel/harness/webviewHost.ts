// The test's stand-in for a VS Code webview: a resource server on localhost (VS Code serves
// webview resources from its own origin; here `cspSource` is this server's origin, a different
// port from the app's) plus the postMessage bridge. It implements the tunnel's structural
// `TunnelWebview`, so the code under test attaches to it exactly as it will to a real webview.
import { once } from 'node:events';
import { createReadStream, statSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TunnelWebview } from '../../../src/tunnel/attach';
import { DOC_PATH, outerPageHtml } from './outerPage';
import { decode, encode } from './wire';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export interface WebviewHost extends TunnelWebview {
  /** The outer page to open (it loads the tunnel document in its iframe). */
  readonly pageUrl: string;
  readonly port: number;
  /** What `webview.html` would be set to. */
  html: string;
  /** Folders the document may load from (`localResourceRoots`). */
  resourceRoots: string[];
  /** Resolves when the page's bridge socket is connected. */
  readonly connected: Promise<void>;
  close(): Promise<void>;
}

export async function startWebviewHost(): Promise<WebviewHost> {
  const listeners = new Set<(message: unknown) => unknown>();
  let bridge: WebSocket | undefined;
  let markConnected!: () => void;
  const connected = new Promise<void>((done) => (markConnected = done));

  const host: WebviewHost = {
    pageUrl: '',
    port: 0,
    html: '',
    resourceRoots: [],
    connected,
    cspSource: '',
    postMessage(message: unknown) {
      if (bridge === undefined || bridge.readyState !== bridge.OPEN) return false;
      bridge.send(encode(message as Record<string, unknown>));
      return true;
    },
    onDidReceiveMessage(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    asWebviewUri(absolutePath: string) {
      return `${host.cspSource}/fs${absolutePath.split(sep).map(encodeURIComponent).join('/')}`;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };

  const server = http.createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (path === '/' || path === '/index.html') return send(200, 'text/html', outerPageHtml());
    if (path === DOC_PATH) return send(200, 'text/html', host.html);
    if (path === '/favicon.ico') return send(204, 'text/plain', '');
    if (path.startsWith('/fs/')) {
      const file = resolve(path.slice('/fs'.length));
      // Like localResourceRoots: only files under the allowed folders.
      if (!host.resourceRoots.some((root) => file.startsWith(root + sep))) return send(403, 'text/plain', 'outside the resource roots');
      let stat: { size: number; mtimeMs: number };
      try {
        stat = statSync(file);
      } catch {
        return send(404, 'text/plain', 'not found');
      }
      // Like VS Code's resource loader: `no-cache` with an ETag, so the browser keeps the file
      // and revalidates it (304) on the next load.
      const etag = `"${stat.size}-${Math.floor(stat.mtimeMs)}"`;
      const headers = { ETag: etag, 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers);
        res.end();
        return undefined;
      }
      // VS Code's resource loader answers module scripts with CORS; so does this one.
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': stat.size });
      createReadStream(file).pipe(res);
      return undefined;
    }
    return send(404, 'text/plain', 'not found');
  });
  const wss = new WebSocketServer({ server, path: '/bridge' });
  wss.on('connection', (socket) => {
    bridge = socket;
    markConnected();
    socket.on('message', (data: Buffer) => {
      const message = decode(data);
      for (const listener of listeners) listener(message);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  Object.assign(host, { port, pageUrl: `http://localhost:${port}/`, cspSource: `http://localhost:${port}` });
  return host;
}
