// The tunnel document and the frontend locator: a strict CSP with no app address and no eval,
// the boot config as inert JSON, the shim before the bundle; the real Streamlit install's
// static folder found through its interpreter.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_ELEMENT_ID, TUNNEL_ORIGIN, type TunnelBootConfig } from '../../../src/protocol/tunnel';
import { attachTunnel } from '../../../src/tunnel/attach';
import { buildTunnelDocument, tunnelCsp } from '../../../src/tunnel/document';
import { FrontendNotFoundError, locateStreamlitFrontend, parseIndexHtml, readFrontend } from '../../../src/tunnel/staticLocator';

const ROOT = join(__dirname, '..', '..', '..');
const PYTHON = join(ROOT, '.venv', 'bin', 'python');
const NONCE = 'abcdefghijklmnopqrstuvwx';
const frontend = { version: '1.64.0', entryScript: 'static/js/index.X.js', modulePreloads: ['static/js/a.js'], stylesheets: ['static/css/index.css'] };

function build(overrides: Partial<Parameters<typeof buildTunnelDocument>[0]> = {}): string {
  return buildTunnelDocument({
    frontend,
    staticUri: (path) => `https://res.test/static-root/${path}`,
    shimUri: 'https://res.test/dist/webview/tunnel.js',
    cspSource: 'https://res.test',
    nonce: NONCE,
    theme: 'dark',
    ...overrides,
  });
}

function configOf(html: string): TunnelBootConfig {
  const match = new RegExp(`<script type="application/json" id="${CONFIG_ELEMENT_ID}">(.*?)</script>`).exec(html);
  assert.ok(match, 'config block present');
  return JSON.parse(match[1]!) as TunnelBootConfig;
}

describe('tunnel document', () => {
  it('has a strict CSP: no app address, no eval, nonce’d scripts, blob: media', () => {
    const csp = tunnelCsp('https://res.test', NONCE);
    assert.match(csp, /^default-src 'none'/);
    assert.match(csp, new RegExp(`script-src https://res.test 'nonce-${NONCE}' 'wasm-unsafe-eval'`));
    assert.doesNotMatch(csp, /127\.0\.0\.1|localhost|'unsafe-eval'|\*/);
    assert.match(csp, /img-src https:\/\/res.test blob: data:/);
    assert.match(csp, /media-src https:\/\/res.test blob: data:/);
    assert.throws(() => tunnelCsp("https://res.test; script-src 'unsafe-eval'", NONCE), /cspSource/);
    assert.throws(() => tunnelCsp("'self' 'unsafe-eval'", NONCE), /cspSource/);
    // code-server's webview cspSource.
    assert.match(tunnelCsp("'self' https://*.vscode-cdn.net", NONCE), /script-src 'self' https:\/\/\*\.vscode-cdn\.net 'nonce-/);
    assert.throws(() => tunnelCsp('https://res.test', 'short'), /nonce/);
  });

  it('loads the shim as a classic script before Streamlit’s module bundle, both with the nonce', () => {
    const html = build();
    const shim = html.indexOf(`<script nonce="${NONCE}" src="https://res.test/dist/webview/tunnel.js"></script>`);
    const bundle = html.indexOf(`<script type="module" nonce="${NONCE}" src="https://res.test/static-root/static/js/index.X.js"></script>`);
    assert.ok(shim > 0 && bundle > shim, 'shim before bundle');
    assert.ok(html.includes('<link rel="stylesheet" href="https://res.test/static-root/static/css/index.css">'));
    assert.ok(html.includes(`<link rel="modulepreload" nonce="${NONCE}" href="https://res.test/static-root/static/js/a.js">`));
    // No inline script runs: the only inline script element is inert JSON.
    const inline = html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? [];
    assert.deepEqual(inline, [`<script type="application/json" id="${CONFIG_ELEMENT_ID}">`]);
  });

  it('carries the boot settings as JSON that cannot break out of its element', () => {
    const html = build({ lightTheme: { primaryColor: '</script><script>alert(1)</script>' }, webviewState: { app: '/ws/</script>.py' } });
    const config = configOf(html);
    assert.deepEqual(config.webviewState, { app: '/ws/</script>.py' }, 'the state the shim gives setState, for the serializer');
    assert.equal(configOf(build()).webviewState, null);
    assert.equal(config.backendBaseUrl, `${TUNNEL_ORIGIN}/`);
    assert.equal(config.theme, 'dark');
    assert.equal(config.streamlitVersion, '1.64.0');
    assert.deepEqual(config.lightTheme, { primaryColor: '</script><script>alert(1)</script>' });
    assert.equal(html.split('</script>').length - 1, 3, 'only the three real script elements close');
  });

  it('puts the app’s base path (server.baseUrlPath) in the backend URL, and refuses one that is not a plain path', () => {
    assert.equal(configOf(build({ basePath: '/team/app/' })).backendBaseUrl, `${TUNNEL_ORIGIN}/team/app/`);
    for (const bad of ['team/', '/team', '/../', '/a/./', '//evil.test/', '/a?b=1/', '/a#b/', '/%2e%2e/x/', '/a b/']) {
      assert.throws(() => build({ basePath: bad }), /not an app base path/, bad);
    }
  });

  it('attaches to a webview through a structural interface only', () => {
    const posted: unknown[] = [];
    let listener: ((m: unknown) => unknown) | undefined;
    let disposed = false;
    const attachment = attachTunnel(
      {
        postMessage: (m) => posted.push(m),
        onDidReceiveMessage: (l) => ((listener = l), { dispose: () => (disposed = true) }),
        asWebviewUri: (p) => `https://res.test${p}`,
        cspSource: 'https://res.test',
      },
      { port: 8501, frontend: { ...frontend, staticDir: '/site/streamlit/static' }, shimPath: '/ext/dist/webview/tunnel.js', theme: 'light' },
    );
    assert.ok(attachment.html.includes('src="https://res.test/site/streamlit/static/static/js/index.X.js"'));
    assert.ok(attachment.html.includes('src="https://res.test/ext/dist/webview/tunnel.js"'));
    assert.deepEqual(attachment.resourceRoots, ['/site/streamlit/static', '/ext/dist/webview']);
    assert.equal(configOf(attachment.html).theme, 'light');
    // A bad message from the webview is dropped without an answer; the panel's own are ignored.
    assert.equal(listener?.({ type: 'tunnel/http-abort', id: 'x' }), true);
    assert.equal(listener?.({ type: 'command', command: 'rerun' }), false);
    assert.deepEqual(posted, []);
    attachment.dispose();
    assert.equal(disposed, true);
  });
});

describe('Streamlit frontend locator', () => {
  it('reads the scripts and styles of an index.html, and only local ones', () => {
    const parsed = parseIndexHtml(`
      <link rel="shortcut icon" href="./favicon.png" />
      <script>window.prerenderReady = false</script>
      <script type="module" crossorigin src="./static/js/index.A.js"></script>
      <link rel="modulepreload" crossorigin href="./static/js/b.js">
      <link rel="modulepreload" href="https://cdn.example/evil.js">
      <link rel="modulepreload" href="../../outside.js">
      <link rel="stylesheet" crossorigin href="./static/css/c.css">`);
    assert.deepEqual(parsed, { entryScript: 'static/js/index.A.js', modulePreloads: ['static/js/b.js'], stylesheets: ['static/css/c.css'] });
  });

  it('finds the real install’s static folder with the app’s interpreter', async function () {
    if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run scripts/setup.sh`);
    const found = await locateStreamlitFrontend(PYTHON);
    assert.match(found.version, /^\d+\.\d+/);
    assert.ok(existsSync(join(found.staticDir, found.entryScript)));
    assert.ok(found.modulePreloads.length > 10);
    assert.ok(found.stylesheets.length >= 1);
  });

  it('says why when the interpreter has no Streamlit or the folder is not a frontend', async () => {
    await assert.rejects(locateStreamlitFrontend('/nonexistent/python3'), FrontendNotFoundError);
    assert.throws(() => readFrontend(__dirname, '9.9'), /no built frontend/);
  });
});
