// The host-side relay against a real node:http + ws server: cookies and the XSRF header, request
// and response bodies in chunks, aborts, binary frames, subprotocols, closes and errors, and the
// refusal of anything that is not the app.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TUNNEL_ORIGIN, type HostTunnelMessage } from '../../../src/protocol/tunnel';
import { TunnelRelay } from '../../../src/tunnel/relay';
import { BIG_BODY_BYTES, startFakeApp, XSRF_VALUE, type FakeApp } from './fakeApp';

const WS_ORIGIN = TUNNEL_ORIGIN.replace(/^https:/, 'wss:');

/** A relay whose posts are recorded, with a way to wait for one without sleeping. */
class Harness {
  readonly posted: HostTunnelMessage[] = [];
  private waiters: Array<() => void> = [];
  readonly relay: TunnelRelay;

  constructor(port: number) {
    this.relay = new TunnelRelay({
      port,
      post: (message) => {
        this.posted.push(message);
        for (const wake of this.waiters.splice(0)) wake();
      },
    });
  }

  send(message: unknown): void {
    assert.equal(this.relay.receive(message), true);
  }

  /** Resolves with the first posted message matching `test`, or fails after `ms`. */
  async next<T extends HostTunnelMessage>(what: string, test: (m: HostTunnelMessage) => m is T, ms = 5000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.posted.find(test);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; posted: ${this.posted.map((m) => m.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The whole response for request `id`: status and the concatenated body. */
  async response(id: number): Promise<{ status: number; headers: Array<[string, string]>; body: Buffer; chunks: number }> {
    const head = await this.next(`response ${id}`, (m): m is Extract<HostTunnelMessage, { type: 'tunnel/http-response' }> => m.type === 'tunnel/http-response' && m.id === id);
    await this.next(`end of ${id}`, (m): m is HostTunnelMessage => (m.type === 'tunnel/http-end' || m.type === 'tunnel/http-error') && m.id === id, 15_000);
    const chunks = this.posted.filter((m): m is Extract<HostTunnelMessage, { type: 'tunnel/http-chunk' }> => m.type === 'tunnel/http-chunk' && m.id === id);
    return { status: head.status, headers: head.headers, body: Buffer.concat(chunks.map((c) => c.data)), chunks: chunks.length };
  }

  request(id: number, path: string, init: { method?: string; headers?: Array<[string, string]>; body?: Uint8Array[] } = {}): void {
    this.send({ type: 'tunnel/http-request', id, method: init.method ?? 'GET', url: `${TUNNEL_ORIGIN}${path}`, headers: init.headers ?? [], bodyFollows: init.body !== undefined });
    for (const data of init.body ?? []) this.send({ type: 'tunnel/http-request-chunk', id, data });
    if (init.body !== undefined) this.send({ type: 'tunnel/http-request-end', id });
  }
}

const isType =
  <K extends HostTunnelMessage['type']>(type: K, id: number) =>
  (m: HostTunnelMessage): m is Extract<HostTunnelMessage, { type: K }> =>
    m.type === type && 'id' in m && m.id === id;

describe('tunnel relay (real node:http and ws server)', function () {
  let app: FakeApp;
  let h: Harness;

  beforeEach(async () => {
    app = await startFakeApp();
    h = new Harness(app.port);
  });
  afterEach(async () => {
    h.relay.dispose();
    await app.close();
  });

  it('keeps the cookies the app sets and sends them back, with the XSRF header, on an upload', async () => {
    h.request(1, '/_stcore/health');
    assert.equal((await h.response(1)).status, 200);
    // Set-Cookie stays in the host's jar: the webview never sees the app's cookies.
    const healthHeaders = h.posted.find(isType('tunnel/http-response', 1))!.headers;
    assert.ok(!healthHeaders.some(([name]) => name.toLowerCase() === 'set-cookie'));

    const body = [new TextEncoder().encode('--b\r\n'), new Uint8Array([0, 1, 2, 255]), new TextEncoder().encode('\r\n--b--\r\n')];
    // A cookie and token forged by the page are replaced by the jar's.
    h.request(2, '/_stcore/upload_file', { method: 'PUT', headers: [['Content-Type', 'multipart/form-data; boundary=b'], ['Cookie', 'evil=1'], ['X-Xsrftoken', 'forged']], body });
    assert.equal((await h.response(2)).status, 204);
    const upload = app.requests.find((r) => r.url === '/_stcore/upload_file')!;
    assert.equal(upload.headers['x-xsrftoken'], XSRF_VALUE);
    assert.equal(upload.headers.cookie, `_streamlit_xsrf=${XSRF_VALUE}`, 'the /media cookie is not sent on another path, the forged one never');
    assert.deepEqual([...upload.body.subarray(5, 9)], [0, 1, 2, 255]);
    assert.equal(upload.headers['content-type'], 'multipart/form-data; boundary=b');
  });

  it('asks for the XSRF cookie itself when an upload comes first', async () => {
    h.request(1, '/_stcore/upload_file', { method: 'PUT', body: [new Uint8Array([1])] });
    assert.equal((await h.response(1)).status, 204);
    assert.deepEqual(app.requests.map((r) => r.url), ['/_stcore/health', '/_stcore/upload_file']);
  });

  it('a request without the cookie fails as Streamlit would fail it (the test server is strict)', async () => {
    // Guard for the test above: the fake app does reject an upload without the XSRF pair.
    const res = await fetch(`http://127.0.0.1:${app.port}/_stcore/upload_file`, { method: 'PUT', body: 'x' });
    assert.equal(res.status, 403);
  });

  it('streams a large response in many chunks', async () => {
    h.request(1, '/big');
    const { status, body, chunks } = await h.response(1);
    assert.equal(status, 200);
    assert.equal(body.length, BIG_BODY_BYTES);
    assert.ok(chunks >= 10, `expected a stream of chunks, got ${chunks}`);
    assert.ok(body.every((b) => b === 7));
  });

  it('passes Range requests through and answers with the app’s status', async () => {
    h.request(1, '/missing', { headers: [['Range', 'bytes=0-99']] });
    assert.equal((await h.response(1)).status, 404);
    assert.equal(app.requests[0]!.headers.range, 'bytes=0-99');
  });

  it('rewrites a redirect to the app onto the tunnel origin', async () => {
    h.request(1, '/redirect');
    const { status, headers } = await h.response(1);
    assert.equal(status, 302);
    assert.deepEqual(headers.find(([n]) => n.toLowerCase() === 'location'), ['Location', `${TUNNEL_ORIGIN}/target?x=1`]);
  });

  it('aborts: the app sees the client go away, and nothing more is posted for that id', async () => {
    h.request(1, '/slow');
    await h.next('the first chunk', isType('tunnel/http-chunk', 1));
    h.send({ type: 'tunnel/http-abort', id: 1 });
    const deadline = Date.now() + 5000;
    while (!app.abandoned.includes('/slow')) {
      if (Date.now() > deadline) throw new Error('the app never saw the abort');
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(h.relay.active.requests, 0);
    assert.ok(!h.posted.some((m) => (m.type === 'tunnel/http-end' || m.type === 'tunnel/http-error') && m.id === 1));
  });

  it('refuses any other host, port or scheme without a request', async () => {
    const others = [`http://127.0.0.1:${app.port}/_stcore/health`, 'https://example.com/', `https://app.threadlit.invalid:${app.port}/x`, 'https://user@app.threadlit.invalid/x', '/relative', 'file:///etc/passwd'];
    others.forEach((url, i) => h.send({ type: 'tunnel/http-request', id: 10 + i, method: 'GET', url, headers: [], bodyFollows: false }));
    for (let i = 0; i < others.length; i++) {
      const error = await h.next(`the refusal of ${others[i]}`, isType('tunnel/http-error', 10 + i));
      assert.match(error.message, /refused|not an absolute URL/);
    }
    assert.equal(app.requests.length, 0);
  });

  it('reports a request to a port where nothing listens as an error', async () => {
    await app.close();
    h.request(1, '/_stcore/health');
    const error = await h.next('the error', isType('tunnel/http-error', 1));
    assert.match(error.message, /ECONNREFUSED/);
  });

  it('relays WebSocket frames both ways, binary as bytes, with the XSRF token as subprotocol', async () => {
    h.request(1, '/_stcore/health');
    await h.response(1);
    h.send({ type: 'tunnel/ws-open', id: 2, url: `${WS_ORIGIN}/_stcore/stream`, protocols: ['streamlit', 'PLACEHOLDER_AUTH_TOKEN', 'last-session'] });
    // Sent before the app accepted: kept and delivered in order.
    h.send({ type: 'tunnel/ws-send', id: 2, data: new Uint8Array([1, 2, 3, 0, 255]) });
    h.send({ type: 'tunnel/ws-send', id: 2, data: 'hello' });
    const opened = await h.next('ws-opened', isType('tunnel/ws-opened', 2));
    assert.equal(opened.protocol, 'streamlit');
    const handshake = app.handshakes[0]!;
    assert.deepEqual(handshake['sec-websocket-protocol']?.split(',').map((p) => p.trim()), ['streamlit', XSRF_VALUE, 'last-session']);
    assert.equal(handshake.cookie, `_streamlit_xsrf=${XSRF_VALUE}`);
    assert.equal(handshake.origin, undefined);
    await h.next('two frames back', (m): m is HostTunnelMessage => h.posted.filter(isType('tunnel/ws-message', 2)).length >= 2 || m.type === 'tunnel/ws-closed');
    const [binary, text] = h.posted.filter(isType('tunnel/ws-message', 2));
    assert.ok(binary!.data instanceof Uint8Array);
    assert.deepEqual([...(binary!.data as Uint8Array)], [255, 0, 3, 2, 1]);
    assert.equal(text!.data, 'echo:hello');
  });

  it('asks for the XSRF cookie before a WebSocket handshake when the jar has none', async () => {
    h.send({ type: 'tunnel/ws-open', id: 1, url: `${WS_ORIGIN}/_stcore/stream`, protocols: ['streamlit', 'PLACEHOLDER'] });
    await h.next('ws-opened', isType('tunnel/ws-opened', 1));
    assert.deepEqual(app.requests.map((r) => r.url), ['/_stcore/health']);
    assert.equal(app.handshakes[0]!.cookie, `_streamlit_xsrf=${XSRF_VALUE}`);
    assert.equal(app.handshakes[0]!['sec-websocket-protocol']?.split(',')[1]?.trim(), XSRF_VALUE);
  });

  it('propagates a close from the app with its code and reason', async () => {
    h.send({ type: 'tunnel/ws-open', id: 1, url: `${WS_ORIGIN}/_stcore/stream`, protocols: ['streamlit', 'x'] });
    await h.next('ws-opened', isType('tunnel/ws-opened', 1));
    h.send({ type: 'tunnel/ws-send', id: 1, data: 'close-me' });
    const closed = await h.next('ws-closed', isType('tunnel/ws-closed', 1));
    assert.deepEqual([closed.code, closed.reason, closed.wasClean], [4001, 'asked to', true]);
    assert.equal(h.relay.active.sockets, 0);
  });

  it('propagates a close from the frontend to the app', async () => {
    h.send({ type: 'tunnel/ws-open', id: 1, url: `${WS_ORIGIN}/_stcore/stream`, protocols: ['streamlit', 'x'] });
    await h.next('ws-opened', isType('tunnel/ws-opened', 1));
    const serverSide = app.sockets[0]!;
    const closedAtApp = new Promise<number>((resolve) => serverSide.on('close', (code) => resolve(code)));
    h.send({ type: 'tunnel/ws-close', id: 1, code: 3005, reason: 'bye' });
    assert.equal(await closedAtApp, 3005);
    const closed = await h.next('ws-closed', isType('tunnel/ws-closed', 1));
    assert.equal(closed.code, 3005);
  });

  it('reports a dropped connection as abnormal (1006)', async () => {
    h.send({ type: 'tunnel/ws-open', id: 1, url: `${WS_ORIGIN}/_stcore/stream`, protocols: ['streamlit', 'x'] });
    await h.next('ws-opened', isType('tunnel/ws-opened', 1));
    h.send({ type: 'tunnel/ws-send', id: 1, data: 'drop-me' });
    const closed = await h.next('ws-closed', isType('tunnel/ws-closed', 1));
    assert.deepEqual([closed.code, closed.wasClean], [1006, false]);
  });

  it('reports a refused handshake as an error, then a close', async () => {
    h.send({ type: 'tunnel/ws-open', id: 1, url: `${WS_ORIGIN}/refuse`, protocols: ['streamlit', 'x'] });
    const error = await h.next('ws-error', isType('tunnel/ws-error', 1));
    assert.match(error.message, /403/);
    const closed = await h.next('ws-closed', isType('tunnel/ws-closed', 1));
    assert.equal(closed.wasClean, false);
    assert.ok(!h.posted.some(isType('tunnel/ws-opened', 1)));
  });

  it('refuses a WebSocket to anything but the app', async () => {
    h.send({ type: 'tunnel/ws-open', id: 1, url: `ws://127.0.0.1:${app.port}/_stcore/stream`, protocols: ['streamlit'] });
    assert.match((await h.next('ws-error', isType('tunnel/ws-error', 1))).message, /refused/);
    await h.next('ws-closed', isType('tunnel/ws-closed', 1));
    assert.equal(app.handshakes.length, 0);
  });

  it('drops invalid messages, reports them, and ignores the panel’s own messages', async () => {
    const errors: string[] = [];
    h.relay.onProtocolError((e) => errors.push(e.message));
    assert.equal(h.relay.receive({ type: 'ready' }), false);
    assert.equal(h.relay.receive({ type: 'tunnel/http-request', id: 1, method: 'GET', url: `${TUNNEL_ORIGIN}/x`, headers: 'nope', bodyFollows: false }), true);
    assert.equal(h.relay.receive({ type: 'tunnel/ws-send', id: 1, data: 'AAE=', extra: 1 }), true);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /"headers"/);
    assert.equal(h.relay.stats.rejected, 1);
    assert.equal(app.requests.length, 0);
  });

  it('surfaces host messages, downloads, escaped loads, external links and the shim’s log as events, and saves a download by streaming', async () => {
    const seen: string[] = [];
    h.relay.onAppMessage((m) => seen.push(`app:${m.type}`));
    h.relay.onDownload((m) => seen.push(`download:${m.filename}`));
    h.relay.onEscapedLoad((m) => seen.push(`escaped:${m.directive}`));
    h.relay.onOpenExternal((m) => seen.push(`open:${m.url}`));
    h.relay.onLog((m) => seen.push(`log:${m.level}:${m.message}`));
    h.send({ type: 'tunnel/app-message', message: { type: 'SCRIPT_RUN_STATE_CHANGED', scriptRunState: 'running' } });
    h.send({ type: 'tunnel/download', url: `${TUNNEL_ORIGIN}/big`, filename: 'big.bin' });
    h.send({ type: 'tunnel/escaped-load', url: 'http://127.0.0.1:1/x.png', directive: 'img-src' });
    h.send({ type: 'tunnel/open-external', url: 'https://example.com/' });
    h.send({ type: 'tunnel/open-external', url: 'command:workbench.action.terminal.new' });
    h.send({ type: 'tunnel/log', level: 'warn', message: 'media x.wav: loaded whole' });
    h.send({ type: 'tunnel/log', level: 'info', message: 'not a level the shim sends' });
    h.send({ type: 'tunnel/log', level: 'error', message: 'x'.repeat(2001) });
    assert.deepEqual(seen, ['app:SCRIPT_RUN_STATE_CHANGED', 'download:big.bin', 'escaped:img-src', 'open:https://example.com/', 'log:warn:media x.wav: loaded whole']);
    assert.equal(h.relay.stats.rejected, 3);
    const dir = mkdtempSync(join(tmpdir(), 'threadlit-tunnel-'));
    try {
      await h.relay.saveDownload(`${TUNNEL_ORIGIN}/big`, join(dir, 'big.bin'));
      assert.equal(readFileSync(join(dir, 'big.bin')).length, BIG_BODY_BYTES);
      await assert.rejects(h.relay.saveDownload(`${TUNNEL_ORIGIN}/missing`, join(dir, 'x')), /404/);
      await assert.rejects(h.relay.saveDownload('https://example.com/x', join(dir, 'y')), /refused/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('dispose closes open sockets and posts nothing afterwards', async () => {
    h.send({ type: 'tunnel/ws-open', id: 1, url: `${WS_ORIGIN}/_stcore/stream`, protocols: ['streamlit', 'x'] });
    await h.next('ws-opened', isType('tunnel/ws-opened', 1));
    const serverSide = app.sockets[0]!;
    const closedAtApp = new Promise<void>((resolve) => serverSide.on('close', () => resolve()));
    h.relay.dispose();
    await closedAtApp;
    const count = h.posted.length;
    assert.ok(h.posted.some(isType('tunnel/ws-closed', 1)));
    h.relay.receive({ type: 'tunnel/http-request', id: 5, method: 'GET', url: `${TUNNEL_ORIGIN}/_stcore/health`, headers: [], bodyFollows: false });
    assert.equal(h.posted.length, count);
  });
});
