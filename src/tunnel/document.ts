// Builds the webview document that runs Streamlit's own frontend through the tunnel. Pure: the
// caller supplies the webview URIs, the CSP source and the nonce. The CSP names no app address
// and allows no eval: every load the shim does not route through the tunnel is blocked (and the
// shim reports it). Settings reach the shim as a JSON data block, never as interpolated script.

import { CONFIG_ELEMENT_ID, TUNNEL_ORIGIN, type TunnelBootConfig } from '../protocol/tunnel';
import type { StreamlitFrontend } from './staticLocator';

export type TunnelTheme = TunnelBootConfig['theme'];


export interface TunnelDocumentOptions {
  frontend: Pick<StreamlitFrontend, 'version' | 'entryScript' | 'modulePreloads' | 'stylesheets'>;
  /** The webview URI of a file in Streamlit's static folder, from its relative path. */
  staticUri: (relativePath: string) => string;
  /** The webview URI of the shim bundle (dist/webview/tunnel.js). */
  shimUri: string;
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per document (base64 or hex). */
  nonce: string;
  theme: TunnelTheme;
  /**
   * The app's path on its server, `/` or `/<server.baseUrlPath>/` (the path of the URL the runtime
   * reports). The frontend then asks for the app under it on the fake origin, and the relay passes
   * paths through as they are.
   */
  basePath?: string;
  lightTheme?: Record<string, unknown> | null;
  darkTheme?: Record<string, unknown> | null;
  title?: string;
  /** See TunnelBootConfig.webviewState. */
  webviewState?: Record<string, unknown> | null;
}

/** The Content-Security-Policy of the tunnel document. */
export function tunnelCsp(cspSource: string, nonce: string): string {
  // Host sources, plus the one keyword VS Code uses: code-server's is "'self' https://*.vscode-cdn.net".
  if (!/^('self'|[^;'"\s,]+)( ('self'|[^;'"\s,]+))*$/.test(cspSource)) throw new Error(`unexpected cspSource: ${JSON.stringify(cspSource)}`);
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('the nonce must be at least 16 base64 characters');
  return [
    "default-src 'none'",
    // wasm-unsafe-eval: the bundle compiles a small WebAssembly module at startup; it is not eval.
    `script-src ${cspSource} 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource} data:`,
    `img-src ${cspSource} blob: data:`,
    `media-src ${cspSource} blob: data:`,
    `connect-src ${cspSource} blob: data:`,
    `worker-src ${cspSource} blob:`,
    'frame-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const escapeAttr = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** JSON that cannot end the script element it sits in. */
const scriptSafeJson = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** `/`, or `/a/b/`: segments of unreserved URL characters only, so it cannot leave the fake origin or carry a query. */
export function checkBasePath(path: string): string {
  if (!/^\/([A-Za-z0-9._~-]+\/)*$/.test(path) || /(^|\/)\.\.?\//.test(path)) throw new Error(`not an app base path: ${JSON.stringify(path.slice(0, 100))}`);
  return path;
}

export function buildTunnelDocument(options: TunnelDocumentOptions): string {
  const { frontend, nonce } = options;
  const config: TunnelBootConfig = {
    backendBaseUrl: `${TUNNEL_ORIGIN}${checkBasePath(options.basePath ?? '/')}`,
    theme: options.theme,
    lightTheme: options.lightTheme ?? null,
    darkTheme: options.darkTheme ?? null,
    streamlitVersion: frontend.version,
    webviewState: options.webviewState ?? null,
  };
  const src = (path: string): string => escapeAttr(options.staticUri(path));
  const lines = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(tunnelCsp(options.cspSource, nonce))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">',
    `<title>${escapeAttr(options.title ?? 'Streamlit')}</title>`,
    `<script type="application/json" id="${CONFIG_ELEMENT_ID}">${scriptSafeJson(config)}</script>`,
    // A classic script runs before any module script: the shim is in place before the bundle.
    `<script nonce="${escapeAttr(nonce)}" src="${escapeAttr(options.shimUri)}"></script>`,
    `<script type="module" nonce="${escapeAttr(nonce)}" src="${src(frontend.entryScript)}"></script>`,
    ...frontend.modulePreloads.map((path) => `<link rel="modulepreload" nonce="${escapeAttr(nonce)}" href="${src(path)}">`),
    ...frontend.stylesheets.map((path) => `<link rel="stylesheet" href="${src(path)}">`),
    '</head>',
    '<body>',
    '<noscript>You need to enable JavaScript to run this app.</noscript>',
    '<div id="root"></div>',
    '</body>',
    '</html>',
  ];
  return lines.join('\n');
}
