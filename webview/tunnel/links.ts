// Links out of the app (markdown links, st.link_button, window.open) would navigate the webview
// document away from the app, or do nothing. Clicks on them become `tunnel/open-external` and
// the extension opens the URL through VS Code (`vscode.env.openExternal`); the document stays.

import { EXTERNAL_LINK_PROTOCOLS, TUNNEL_ORIGIN } from '../../src/protocol/tunnel';
import type { TunnelChannel } from './channel';
import { isTunnelUrl } from './httpClient';

const TUNNEL_HOSTNAME = new URL(TUNNEL_ORIGIN).hostname;

/** The absolute URL when `href` leaves the app for the web or mail; undefined otherwise. */
function externalUrl(href: string): string | undefined {
  try {
    const url = new URL(href, document.baseURI);
    // In the app: the fake host on any scheme or port (Streamlit builds st.navigation's page
    // links from it with the document's scheme and port), and the document's own origin.
    const inApp = isTunnelUrl(url.href) || url.hostname === TUNNEL_HOSTNAME || url.origin === window.location.origin;
    return EXTERNAL_LINK_PROTOCOLS.includes(url.protocol) && !inApp ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function hookExternalLinks(channel: TunnelChannel): void {
  document.addEventListener(
    'click',
    (event) => {
      if (event.defaultPrevented) return;
      const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (anchor === null || anchor.hasAttribute('download')) return;
      const url = externalUrl(anchor.getAttribute('href') ?? '');
      if (url === undefined) return;
      event.preventDefault();
      channel.post({ type: 'tunnel/open-external', url });
    },
    // Capture, so the page's own handlers cannot navigate first; downloads.ts runs before this.
    true,
  );
  const open = window.open.bind(window);
  window.open = (target?: string | URL, name?: string, features?: string): WindowProxy | null => {
    const url = target === undefined ? undefined : externalUrl(String(target));
    if (url === undefined) return open(target, name, features);
    channel.post({ type: 'tunnel/open-external', url });
    return null;
  };
}
