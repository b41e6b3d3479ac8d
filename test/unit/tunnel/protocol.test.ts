// The tunnel's message validation, both directions: valid messages pass with only their known
// fields, garbage is rejected with an error that names the problem.
import { strict as assert } from 'node:assert';
import {
  isTunnelMessage,
  parseHostTunnelMessage,
  parseWebviewTunnelMessage,
  TunnelProtocolError,
} from '../../../src/protocol/tunnel';

function rejects(result: ReturnType<typeof parseWebviewTunnelMessage> | ReturnType<typeof parseHostTunnelMessage>, pattern: RegExp): void {
  assert.equal(result.ok, false, 'expected a rejection');
  if (!result.ok) {
    assert.ok(result.error instanceof TunnelProtocolError);
    assert.match(result.error.message, pattern);
  }
}

describe('tunnel protocol: webview → host', () => {
  it('accepts each message kind', () => {
    const valid: unknown[] = [
      { type: 'tunnel/ready', documentUrl: 'vscode-webview://x/index.html' },
      { type: 'tunnel/http-request', id: 1, method: 'GET', url: 'https://app.threadlit.invalid/_stcore/health', headers: [['accept', '*/*']], bodyFollows: false },
      { type: 'tunnel/http-request-chunk', id: 1, data: new Uint8Array([1, 2]) },
      { type: 'tunnel/http-request-end', id: 1 },
      { type: 'tunnel/http-abort', id: 1 },
      { type: 'tunnel/ws-open', id: 2, url: 'wss://app.threadlit.invalid/_stcore/stream', protocols: ['streamlit', 'PLACEHOLDER'] },
      { type: 'tunnel/ws-send', id: 2, data: new Uint8Array([0, 255]) },
      { type: 'tunnel/ws-send', id: 2, data: 'text' },
      { type: 'tunnel/ws-close', id: 2, code: 1000, reason: '' },
      { type: 'tunnel/ws-close', id: 2, code: null, reason: '' },
      { type: 'tunnel/app-message', message: { type: 'SCRIPT_RUN_STATE_CHANGED', scriptRunState: 'running' } },
      { type: 'tunnel/download', url: 'https://app.threadlit.invalid/media/x.csv', filename: 'x.csv' },
      { type: 'tunnel/escaped-load', url: 'http://127.0.0.1:8501/x.png', directive: 'img-src' },
      { type: 'tunnel/open-external', url: 'https://example.com/docs?q=1#top' },
      { type: 'tunnel/open-external', url: 'http://example.com/' },
      { type: 'tunnel/open-external', url: 'mailto:someone@example.com' },
    ];
    for (const message of valid) {
      const result = parseWebviewTunnelMessage(message);
      assert.ok(result.ok, `${JSON.stringify((message as { type: string }).type)}: ${result.ok ? '' : result.error.message}`);
    }
  });

  it('keeps binary data as the same bytes, never as text', () => {
    const data = new Uint8Array([0, 1, 254, 255]);
    const result = parseWebviewTunnelMessage({ type: 'tunnel/ws-send', id: 3, data });
    assert.ok(result.ok && result.message.type === 'tunnel/ws-send');
    assert.ok(result.message.data instanceof Uint8Array);
    assert.deepEqual([...result.message.data], [0, 1, 254, 255]);
  });

  it('drops unknown fields', () => {
    const result = parseWebviewTunnelMessage({ type: 'tunnel/http-abort', id: 4, extra: 'x' });
    assert.ok(result.ok);
    assert.deepEqual(result.message, { type: 'tunnel/http-abort', id: 4 });
  });

  it('rejects garbage with a reason', () => {
    rejects(parseWebviewTunnelMessage(null), /not an object/);
    rejects(parseWebviewTunnelMessage('tunnel/ready'), /not an object/);
    rejects(parseWebviewTunnelMessage({ type: 'tunnel/nope' }), /unknown type/);
    rejects(parseWebviewTunnelMessage({ type: 'tunnel/http-abort', id: -1 }), /"id"/);
    rejects(parseWebviewTunnelMessage({ type: 'tunnel/http-abort', id: 1.5 }), /"id"/);
    rejects(parseWebviewTunnelMessage({ type: 'tunnel/http-request', id: 1, method: 'GET\r\nX: y', url: 'u', headers: [], bodyFollows: false }), /"method"/);
    rejects(parseWebviewTunnelMessage({ type: 'tunnel/http-request', id: 1, method: 'GET', url: 'u', headers: [['x', 'a\r\nb']], bodyFollows: false }), /"headers"/);
    rejects(parseWebviewTunnelMessage({ type: 'tunnel/http-request', id: 1, method: 'GET', url: 'u', headers: { a: 'b' }, bodyFollows: false }), /"headers"/);
    rejects(parseWebviewTunnelMessage({ type: 'tunnel/http-request-chunk', id: 1, data: 'AAEC' }), /"data"/);
    rejects(parseWebviewTunnelMessage({ type: 'tunnel/http-request-chunk', id: 1, data: [1, 2] }), /"data"/);
    rejects(parseWebviewTunnelMessage({ type: 'tunnel/ws-send', id: 1, data: { 0: 1 } }), /"data"/);
    rejects(parseWebviewTunnelMessage({ type: 'tunnel/ws-close', id: 1, code: 1006, reason: '' }), /"code"/);
    rejects(parseWebviewTunnelMessage({ type: 'tunnel/ws-open', id: 1, url: 'wss://x', protocols: ['a b'] }), /"protocols"/);
    rejects(parseWebviewTunnelMessage({ type: 'tunnel/app-message', message: { kind: 'x' } }), /"message"/);
    rejects(parseWebviewTunnelMessage({ type: 'tunnel/app-message', message: { type: 'BIG', text: 'x'.repeat(70_000) } }), /"message"/);
    rejects(parseWebviewTunnelMessage({ type: 'tunnel/download', url: 'x' }), /"filename"/);
  });

  it('opens externally only absolute http, https and mailto URLs outside the app', () => {
    // The host hands these to vscode.env.openExternal: a command:, file: or script URL from a
    // page must never get there.
    for (const url of ['command:workbench.action.terminal.new', 'file:///etc/passwd', 'javascript:alert(1)', 'vscode://settings', 'https://app.threadlit.invalid/page', 'http://app.threadlit.invalid:40859/second', '/relative', 'example.com', 42, null]) {
      rejects(parseWebviewTunnelMessage({ type: 'tunnel/open-external', url }), /"url"/);
    }
  });

  it('tells tunnel messages from the panel’s own', () => {
    assert.equal(isTunnelMessage({ type: 'tunnel/ready' }), true);
    assert.equal(isTunnelMessage({ type: 'tunnel/garbage' }), true);
    assert.equal(isTunnelMessage({ type: 'ready' }), false);
    assert.equal(isTunnelMessage(new Uint8Array(3)), false);
  });
});

describe('tunnel protocol: host → webview', () => {
  it('accepts each message kind', () => {
    const valid: unknown[] = [
      { type: 'tunnel/http-response', id: 1, status: 200, statusText: 'OK', headers: [['Content-Type', 'text/plain']] },
      { type: 'tunnel/http-chunk', id: 1, data: new Uint8Array(10) },
      { type: 'tunnel/http-end', id: 1 },
      { type: 'tunnel/http-error', id: 1, message: 'refused' },
      { type: 'tunnel/ws-opened', id: 2, protocol: 'streamlit' },
      { type: 'tunnel/ws-message', id: 2, data: new Uint8Array([1]) },
      { type: 'tunnel/ws-error', id: 2, message: 'reset' },
      { type: 'tunnel/ws-closed', id: 2, code: 1006, reason: '', wasClean: false },
      { type: 'tunnel/theme', theme: 'dark' },
    ];
    for (const message of valid) assert.ok(parseHostTunnelMessage(message).ok, JSON.stringify(message));
  });

  it('rejects garbage with a reason', () => {
    rejects(parseHostTunnelMessage(undefined), /not an object/);
    rejects(parseHostTunnelMessage({ type: 'tunnel/http-response', id: 1, status: 99, statusText: '', headers: [] }), /"status"/);
    rejects(parseHostTunnelMessage({ type: 'tunnel/http-chunk', id: 1, data: 'base64==' }), /"data"/);
    rejects(parseHostTunnelMessage({ type: 'tunnel/ws-closed', id: 1, code: 1000, reason: '' }), /"wasClean"/);
    rejects(parseHostTunnelMessage({ type: 'tunnel/ws-open', id: 1 }), /unknown type/);
    rejects(parseHostTunnelMessage({ type: 'tunnel/theme', theme: 'high-contrast' }), /"theme"/);
    rejects(parseHostTunnelMessage({ type: 'tunnel/theme' }), /"theme"/);
  });
});
