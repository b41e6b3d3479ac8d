// Builds the preview webview's HTML and its Content-Security-Policy, and the iframe URL of the
// app. Pure (no `vscode`), so the policy is unit-tested string for string.

import type { ThemeKind } from '../protocol/webview';

export interface PreviewHtmlInput {
  /** `webview.cspSource`: where our script, stylesheet and fonts come from. */
  cspSource: string;
  /** Fresh per render, from crypto.randomBytes. */
  nonce: string;
  /** The shell's script and stylesheet (dist/webview/main.js and main.css), inlined: see shellAssets.ts. */
  script: string;
  style: string;
  /** Origin of the app's external URI (what asExternalUri returned), or null before the app serves. */
  frameOrigin: string | null;
  title: string;
}

/**
 * The policy: nothing by default, no connections at all (the webview talks only through
 * postMessage), our nonce'd script and style, and frames only from the app's origin.
 * `frame-src` uses the origin that VS Code resolved, not 127.0.0.1:port, because where VS Code
 * proxies ports (code-server, Codespaces) the app is served from another origin.
 */
export function previewCsp(input: Pick<PreviewHtmlInput, 'cspSource' | 'nonce' | 'frameOrigin'>): string {
  return [
    "default-src 'none'",
    "connect-src 'none'",
    `script-src 'nonce-${input.nonce}'`,
    // The nonce lets the component library's probe <style> through (it reads meta csp-nonce).
    `style-src ${input.cspSource} 'nonce-${input.nonce}'`,
    `font-src ${input.cspSource}`,
    `img-src ${input.cspSource}`,
    `frame-src ${input.frameOrigin ?? "'none'"}`,
  ].join('; ');
}

/** The webview document: a shell only; every piece of data arrives by postMessage. */
export function previewHtml(input: PreviewHtmlInput): string {
  const attr = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(previewCsp(input))}">
<meta property="csp-nonce" content="${attr(input.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${attr(input.nonce)}">${inlined(input.style, 'style')}</style>
<title>${attr(input.title)}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${attr(input.nonce)}">${inlined(input.script, 'script')}</script>
</body>
</html>
`;
}

/** The scheme, host and port of a URL, e.g. `http://127.0.0.1:8080`; undefined if it is not http(s). */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.origin;
  } catch {
    return undefined;
  }
}

/** The app URL for the iframe: Streamlit picks its light or dark theme from `embed_options`. */
export function appFrameUrl(externalUrl: string, theme: ThemeKind): string {
  const url = new URL(externalUrl);
  url.searchParams.set('embed_options', theme === 'light' ? 'light_theme' : 'dark_theme');
  return url.toString();
}

/** A 128-bit nonce in base64, from the given random bytes (crypto.randomBytes(16) in production). */
export function nonceFrom(bytes: Uint8Array): string {
  if (bytes.length < 16) throw new Error('a nonce needs at least 16 random bytes');
  return Buffer.from(bytes).toString('base64');
}

/**
 * Text for the inside of a `<script>` or `<style>`; one the HTML parser would end early is refused,
 * not mangled. A script must not hold `<script` either: after a `<!--` that would put the parser
 * in its double-escaped state, where our own `</script>` no longer ends the element.
 */
function inlined(text: string, element: 'script' | 'style'): string {
  const unsafe = element === 'script' ? /<\/?script/i : /<\/style/i;
  if (unsafe.test(text)) throw new Error(`the shell's ${element} contains ${unsafe.exec(text)?.[0]} and cannot be inlined`);
  return text;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
