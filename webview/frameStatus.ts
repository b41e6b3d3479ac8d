// Reads what Streamlit's frontend posts to its parent window (our webview) and turns it into
// the toolbar's state. Pure: no DOM, unit-tested with Node.

import type { AppViewState, FrameStatus } from '../src/protocol/webview';

// Shared with the host, which reads the same messages from the tunnel (src/preview/transport.ts).
export { streamlitFrameStatus } from '../src/protocol/webview';

/**
 * The state the toolbar shows. The runtime's state decides whether the app serves at all; while
 * it does, the frame's own report (the session the user sees) refines running vs. rerunning.
 */
export function displayState(host: AppViewState, frame: FrameStatus | undefined): AppViewState {
  if (host !== 'running' && host !== 'rerunning') return host;
  if (frame === 'running') return 'rerunning';
  if (frame === 'idle') return 'running';
  return host;
}
