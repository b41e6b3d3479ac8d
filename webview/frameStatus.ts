// Reads what Streamlit's frontend posts to its parent window (our webview) and turns it into
// the toolbar's state. Pure: no DOM, unit-tested with Node.

import type { AppViewState, FrameStatus } from '../src/protocol/webview';

/** Streamlit's host-communication message, if `data` is one we understand. */
export function streamlitFrameStatus(data: unknown): FrameStatus | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  if (message.stCommVersion !== 1) return undefined;
  switch (message.type) {
    case 'GUEST_READY':
      return 'guest-ready';
    case 'WEBSOCKET_CONNECTED':
      return 'connected';
    case 'WEBSOCKET_DISCONNECTED':
      return 'disconnected';
    case 'SCRIPT_RUN_STATE_CHANGED':
      // 'running', 'rerunRequested' and 'stopRequested' are all a run in progress.
      return message.scriptRunState === 'notRunning' || message.scriptRunState === 'compilationError' ? 'idle' : 'running';
    default:
      return undefined;
  }
}

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
