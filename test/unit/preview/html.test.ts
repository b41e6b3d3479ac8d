// The preview's HTML and CSP builder: strict policy, frame origin from the external URI, no data in the HTML.

import assert from 'node:assert/strict';
import { appFrameUrl, nonceFrom, originOf, previewCsp, previewHtml } from '../../../src/preview/html';

const input = {
  cspSource: 'https://abc.vscode-cdn.net',
  nonce: 'bm9uY2Vub25jZW5vbmNlMTI=',
  script: 'document.body.dataset.shell = "ran";',
  style: 'body { margin: 0; }',
  frameOrigin: 'http://127.0.0.1:8080',
  title: 'app.py',
};

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(' ')[0] ?? '', d.split(' ').slice(1).join(' ')]));
}

describe('preview HTML and CSP', () => {
  it('denies everything by default and allows only the nonce, our resources and the app origin', () => {
    const csp = directives(previewCsp(input));
    assert.equal(csp.get('default-src'), "'none'");
    assert.equal(csp.get('connect-src'), "'none'");
    assert.equal(csp.get('script-src'), `'nonce-${input.nonce}'`);
    assert.equal(csp.get('style-src'), `${input.cspSource} 'nonce-${input.nonce}'`);
    assert.equal(csp.get('font-src'), input.cspSource);
    assert.equal(csp.get('frame-src'), 'http://127.0.0.1:8080');
    assert.ok(![...csp.values()].some((v) => v.includes('unsafe')), 'no unsafe-inline / unsafe-eval');
  });

  it('allows no frame at all before the app serves', () => {
    assert.equal(directives(previewCsp({ ...input, frameOrigin: null })).get('frame-src'), "'none'");
  });

  it('puts the policy in a meta tag and inlines the shell’s script and style, each with the nonce', () => {
    const html = previewHtml(input);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; connect-src &#39;none&#39;;/);
    const scripts = html.match(/<script[^>]*>[^<]*<\/script>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="${input.nonce}">${input.script}</script>`]);
    assert.ok(html.includes(`<style nonce="${input.nonce}">${input.style}</style>`));
    // Nothing for VS Code's service worker to load: no src, no href.
    assert.doesNotMatch(html, /\s(src|href)=/);
  });

  it('refuses a script or style that would close its element early', () => {
    assert.throws(() => previewHtml({ ...input, script: 'const s = "</SCRIPT><img src=x>";' }), /contains <\/SCRIPT/);
    assert.throws(() => previewHtml({ ...input, script: 'const t = "<!-- <script>";' }), /contains <script/);
    assert.throws(() => previewHtml({ ...input, style: 'a{}</style><script>' }), /contains <\/style/);
  });

  it('escapes the title so a file name cannot inject markup', () => {
    const html = previewHtml({ ...input, title: '<img src=x onerror=alert(1)>.py' });
    assert.ok(!html.includes('<img'));
    assert.match(html, /<title>&#60;img src=x onerror=alert\(1\)&#62;\.py<\/title>/);
  });

  it('takes the frame origin from the external URI, including a proxied path URL', () => {
    assert.equal(originOf('http://127.0.0.1:8501/'), 'http://127.0.0.1:8501');
    // code-server: asExternalUri returns a /proxy/<port>/ URL on the workbench's own origin.
    assert.equal(originOf('https://ide.example.com/proxy/8501/'), 'https://ide.example.com');
    assert.equal(originOf('file:///etc/passwd'), undefined);
    assert.equal(originOf('not a url'), undefined);
  });

  it('adds Streamlit’s theme embed option to the app URL, keeping the proxy path', () => {
    assert.equal(appFrameUrl('http://127.0.0.1:8080/proxy/8501/', 'dark'), 'http://127.0.0.1:8080/proxy/8501/?embed_options=dark_theme');
    assert.equal(appFrameUrl('http://127.0.0.1:8501/?a=1', 'light'), 'http://127.0.0.1:8501/?a=1&embed_options=light_theme');
  });

  it('makes 128-bit nonces and refuses short ones', () => {
    assert.equal(nonceFrom(new Uint8Array(16).fill(255)), '/////////////////////w==');
    assert.throws(() => nonceFrom(new Uint8Array(8)), /16 random bytes/);
  });
});
