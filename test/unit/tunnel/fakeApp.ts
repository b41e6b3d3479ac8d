// A small real app server for the relay tests (node:http + ws on 127.0.0.1): it sets an XSRF
// cookie like Streamlit's health check, checks the XSRF header on uploads, streams a large body,
// echoes WebSocket frames and records what it received.
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const XSRF_VALUE = '2|00112233|44556677|1700000000';
export const BIG_BODY_BYTES = 5 * 1024 * 1024;

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface FakeApp {
  port: number;
  requests: SeenRequest[];
  handshakes: http.IncomingHttpHeaders[];
  sockets: WebSocket[];
  /** Requests whose client went away before the response ended. */
  abandoned: string[];
  close(): Promise<void>;
}

export async function startFakeApp(): Promise<FakeApp> {
  const requests: SeenRequest[] = [];
  const handshakes: http.IncomingHttpHeaders[] = [];
  const sockets: WebSocket[] = [];
  const abandoned: string[] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(parts) };
      requests.push(seen);
      const url = seen.url.split('?')[0];
      if (url === '/_stcore/health') {
        res.setHeader('Set-Cookie', [`_streamlit_xsrf=${XSRF_VALUE}; Path=/; SameSite=Lax`, 'other=1; Path=/media']);
        res.end('ok');
      } else if (url === '/_stcore/upload_file') {
        const ok = req.headers['x-xsrftoken'] === XSRF_VALUE && (req.headers.cookie ?? '').includes(`_streamlit_xsrf=${XSRF_VALUE}`);
        res.statusCode = ok ? 204 : 403;
        res.end();
      } else if (url === '/big') {
        // Written in 64 KiB pieces, each waiting for the socket, so the client sees a stream.
        res.setHeader('Content-Length', String(BIG_BODY_BYTES));
        let sent = 0;
        const piece = Buffer.alloc(64 * 1024, 7);
        const pump = (): void => {
          while (sent < BIG_BODY_BYTES) {
            sent += piece.length;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => {
          if (!res.writableFinished) abandoned.push(url);
        });
        pump();
      } else if (url === '/slow') {
        // Answers headers and one chunk, then never finishes: only an abort ends it.
        res.write('first');
        res.on('close', () => {
          if (!res.writableFinished) abandoned.push(url);
        });
      } else if (url === '/redirect') {
        res.statusCode = 302;
        res.setHeader('Location', `http://127.0.0.1:${(server.address() as AddressInfo).port}/target?x=1`);
        res.end();
      } else {
        res.statusCode = 404;
        res.end('not found');
      }
    });
  });
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('streamlit') ? 'streamlit' : false),
  });
  server.on('upgrade', (req, socket, head) => {
    handshakes.push(req.headers);
    if (req.url === '/refuse') {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.push(ws);
      ws.on('message', (data: Buffer, isBinary) => {
        const text = isBinary ? '' : data.toString();
        if (text === 'close-me') ws.close(4001, 'asked to');
        else if (text === 'drop-me') ws.terminate();
        else ws.send(isBinary ? Buffer.from([...data].reverse()) : `echo:${text}`, { binary: isBinary });
      });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    handshakes,
    sockets,
    abandoned,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
