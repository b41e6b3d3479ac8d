// VS Code removes `window.parent` inside webviews, and Streamlit's first run crashes on
// `window.parent.postMessage`. This stub stands in for the parent: what Streamlit posts to it
// (GUEST_READY, SCRIPT_RUN_STATE_CHANGED, SET_THEME_CONFIG…) goes to the extension instead.

import type { TunnelChannel } from './channel';

export function stubParentWindow(channel: TunnelChannel): void {
  const stub = {
    postMessage(message: unknown): void {
      if (typeof message !== 'object' || message === null || typeof (message as { type?: unknown }).type !== 'string') return;
      // Structured data only: a JSON round trip drops functions and other uncloneable values.
      const plain = JSON.parse(JSON.stringify(message)) as { type: string } & Record<string, unknown>;
      channel.post({ type: 'tunnel/app-message', message: plain });
    },
  };
  Object.defineProperty(window, 'parent', { configurable: true, get: () => stub });
}
