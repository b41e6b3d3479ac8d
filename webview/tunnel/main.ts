// The tunnel shim: runs in the webview before Streamlit's module bundle and routes everything the
// frontend loads from the app through the extension host (see docs/tunnel.md). Order matters:
// the escape reporter first (so nothing blocked goes unnoticed), the options before the bundle
// reads them, the interceptors before the bundle's first request.

import { followTheme, readBootConfig, setStreamlitOptions } from './boot';
import { TunnelChannel, vscodeApi } from './channel';
import { connectHostLog } from './hostLog';
import { hookDownloads } from './downloads';
import { forwardFrameKeys } from './frameKeys';
import { hookComponentFrames } from './frames';
import { hookExternalLinks } from './links';
import { guardAnchorClick } from './hostClicks';
import { reportEscapedLoads } from './escapes';
import { interceptHttp, interceptWebSocket } from './interception';
import { hookMediaSources } from './media';
import { stubParentWindow } from './parentStub';

// Read while this classic script runs: component documents need the nonce for their scripts.
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
const channel = new TunnelChannel(vscodeApi());
connectHostLog(channel);
reportEscapedLoads(channel);
const config = readBootConfig();
// The panel's serializer needs it to bring the preview back after a window reload.
if (config.webviewState !== null) vscodeApi().setState(config.webviewState);
setStreamlitOptions(config);
const setTheme = followTheme(config.theme);
channel.onTheme(({ theme }) => setTheme(theme));
stubParentWindow(channel);
interceptHttp(channel);
interceptWebSocket(channel);
// Media goes through the (now intercepted) fetch, so it takes the same route as everything else.
hookMediaSources((url, init) => fetch(url, init));
hookComponentFrames(nonce, (url) => fetch(url));
hookDownloads(channel, async (url) => {
  const response = await fetch(url);
  // Only the headers are wanted: cancelling the body aborts the rest of the transfer in the relay.
  void response.body?.cancel().catch(() => undefined);
  return response.headers;
});
hookExternalLinks(channel);
// Anchors are the app's to handle, not VS Code's link opener (hostClicks.ts). Bubble phase on the
// document: the page's own listeners (React's, on the app's root element) have run, the window's not.
document.addEventListener('click', (event) => void guardAnchorClick(event));
forwardFrameKeys();
channel.post({ type: 'tunnel/ready', documentUrl: `${window.location.origin}${window.location.pathname}` });
