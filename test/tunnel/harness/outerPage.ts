// The stand-in for VS Code's webview host frame: an outer page that holds the tunnel document in
// an iframe and relays postMessage between that iframe and the Node side over one WebSocket, as
// VS Code relays between a webview and its extension host. The iframe gets `acquireVsCodeApi`
// from an init script (INNER_INIT_SCRIPT), as a webview gets it from VS Code.

export const DOC_PATH = '/doc.html';

/** Runs in every frame before its scripts; only the tunnel document gets the API. */
export const INNER_INIT_SCRIPT = `
if (window.top !== window && location.pathname === ${JSON.stringify(DOC_PATH)}) {
  const host = window.parent;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => host.postMessage({ threadlitBridge: message }, '*'),
    getState: () => undefined,
    setState: () => undefined,
  });
}`;

export function outerPageHtml(): string {
  return `<!DOCTYPE html>
<html><head><meta charset="UTF-8"><title>webview host (test)</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}</style></head>
<body><iframe id="webview" src="${DOC_PATH}"></iframe>
<script>
const frame = document.getElementById('webview');
const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + '/bridge');
socket.binaryType = 'arraybuffer';
const pending = [];
const encoder = new TextEncoder();
const decoder = new TextDecoder();
function encode(message) {
  const parts = [];
  let offset = 0;
  const header = encoder.encode(JSON.stringify(message, function (key, value) {
    const raw = this[key];
    if (!(raw instanceof Uint8Array)) return value;
    parts.push(raw);
    offset += raw.byteLength;
    return { $bytes: [offset - raw.byteLength, raw.byteLength] };
  }));
  const out = new Uint8Array(4 + header.length + offset);
  new DataView(out.buffer).setUint32(0, header.length);
  out.set(header, 4);
  let at = 4 + header.length;
  for (const part of parts) { out.set(part, at); at += part.byteLength; }
  return out;
}
function decode(buffer) {
  const length = new DataView(buffer).getUint32(0);
  const base = 4 + length;
  return JSON.parse(decoder.decode(new Uint8Array(buffer, 4, length)), (key, value) => {
    const ref = value && value.$bytes;
    return Array.isArray(ref) ? new Uint8Array(buffer.slice(base + ref[0], base + ref[0] + ref[1])) : value;
  });
}
socket.onopen = () => { for (const m of pending.splice(0)) socket.send(m); };
socket.onmessage = (event) => frame.contentWindow.postMessage(decode(event.data), '*');
window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || !event.data || !event.data.threadlitBridge) return;
  const encoded = encode(event.data.threadlitBridge);
  if (socket.readyState === WebSocket.OPEN) socket.send(encoded); else pending.push(encoded);
});
</script></body></html>`;
}
