// Downloads started inside a webview document do not happen (VS Code intercepts the navigation),
// so a click on an anchor that points into the tunnel becomes a `tunnel/download` message: the
// extension fetches the file through its relay and saves it where the user says.

import type { TunnelChannel } from './channel';
import { filenameFromContentDisposition } from './contentDisposition';
import { isTunnelUrl } from './httpClient';

/**
 * `fetchHeaders` (the intercepted fetch, so through the tunnel) answers a URL's response headers:
 * `st.download_button` gives its anchor no `download` name (Streamlit 1.64 builds it with
 * `filename: ''`) and the URL is `/media/<hash>.<ext>`; the name the user chose, `file_name=`,
 * is only in the app's `Content-Disposition`. Without it the save dialog proposed the hash
 * (found by the workbench e2e, runAppTunnelFeatures).
 */
export function hookDownloads(channel: TunnelChannel, fetchHeaders: (url: string) => Promise<Headers>): void {
  const post = (url: string, filename: string | null): void => channel.post({ type: 'tunnel/download', url, filename });
  const asDownload = (anchor: HTMLAnchorElement): boolean => {
    if (!isTunnelUrl(anchor.href)) return false;
    const url = anchor.href;
    const name = anchor.getAttribute('download');
    if (name !== null && name !== '') {
      post(url, name);
      return true;
    }
    // Ask the app for the name first; on any failure the host still proposes one from the URL.
    fetchHeaders(url).then(
      (headers) => post(url, filenameFromContentDisposition(headers.get('content-disposition')) ?? null),
      () => post(url, null),
    );
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
