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
  const bytes = message.data instanceof Uint8Array ? message.data : null;
  const header = encoder.encode(JSON.stringify(bytes ? { ...message, data: undefined, $bytes: true } : message));
  const out = new Uint8Array(4 + header.length + (bytes ? bytes.length : 0));
  new DataView(out.buffer).setUint32(0, header.length);
  out.set(header, 4);
  if (bytes) out.set(bytes, 4 + header.length);
  return out;
}
function decode(buffer) {
  const length = new DataView(buffer).getUint32(0);
  const message = JSON.parse(decoder.decode(new Uint8Array(buffer, 4, length)));
  if (message.$bytes) { delete message.$bytes; message.data = new Uint8Array(buffer.slice(4 + length)); }
  return message;
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
