// Downloads started inside a webview document do not happen (VS Code intercepts the navigation),
// so a click on an anchor that points into the tunnel becomes a `tunnel/download` message: the
// extension fetches the file through its relay and saves it where the user says.

import type { TunnelChannel } from './channel';
import { isTunnelUrl } from './httpClient';

export function hookDownloads(channel: TunnelChannel): void {
  const asDownload = (anchor: HTMLAnchorElement): boolean => {
    if (!isTunnelUrl(anchor.href)) return false;
    const name = anchor.getAttribute('download');
    channel.post({ type: 'tunnel/download', url: anchor.href, filename: name === null || name === '' ? null : name });
    return true;
  };
  // Streamlit builds a detached anchor and calls click() on it; links in the page are clicked.
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement): void {
    if (!asDownload(this)) click.call(this);
  };
  document.addEventListener(
    'click',
    (event) => {
      const anchor = event.target instanceof Element ? event.target.closest('a') : null;
      if (anchor !== null && anchor.hasAttribute('download') && asDownload(anchor)) event.preventDefault();
    },
    true,
  );
}
