// Component frames. Streamlit points a custom component's iframe at `<base>/component/<name>/
// index.html` (the fake origin) and gives `components.html(...)` an inline `srcdoc`. Both are
// hooked (setAttribute and the property setters): a tunnel `src` becomes a blob: document built
// by componentDocument.ts, and a `srcdoc` gets the nonce on its scripts. The frame keeps its
// WindowProxy across the swap, so Streamlit's component messages (matched by `event.source`)
// work unchanged.

import { buildComponentDocument, withNonce, type Fetcher } from './componentDocument';
import { reportError } from './hostLog';
import { isTunnelUrl } from './httpClient';

export function hookComponentFrames(nonce: string, fetcher: Fetcher): void {
  const setAttribute = Element.prototype.setAttribute;
  const current = new WeakMap<HTMLIFrameElement, { url: string; blobUrls: string[] }>();

  const release = (frame: HTMLIFrameElement): void => {
    for (const blobUrl of current.get(frame)?.blobUrls ?? []) URL.revokeObjectURL(blobUrl);
    current.delete(frame);
  };

  const route = (frame: HTMLIFrameElement, url: string): void => {
    release(frame);
    const entry = { url, blobUrls: [] as string[] };
    current.set(frame, entry);
    buildComponentDocument(url, nonce, fetcher).then(
      (doc) => {
        const page = URL.createObjectURL(new Blob([doc.html], { type: 'text/html' }));
        entry.blobUrls.push(page, ...doc.blobUrls);
        // A newer source replaced this one while it loaded.
        if (current.get(frame) !== entry) {
          for (const blobUrl of entry.blobUrls) URL.revokeObjectURL(blobUrl);
          return;
        }
        setAttribute.call(frame, 'src', page);
      },
      (err: unknown) => reportError(`component ${url} failed: ${String(err)}`),
    );
  };

  const rewrite = (frame: Element, name: string, value: string): string | undefined => {
    if (!(frame instanceof HTMLIFrameElement)) return value;
    const attribute = name.toLowerCase();
    if (attribute === 'srcdoc') return withNonce(value, nonce);
    if (attribute !== 'src') return value;
    if (isTunnelUrl(value)) {
      route(frame, new URL(value, document.baseURI).href);
      return undefined;
    }
    release(frame);
    return value;
  };

  Element.prototype.setAttribute = function (this: Element, name: string, value: string): void {
    const next = rewrite(this, name, String(value));
    if (next !== undefined) setAttribute.call(this, name, next);
  };
  for (const attribute of ['src', 'srcdoc'] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, attribute);
    if (descriptor?.set === undefined) continue;
    const set = descriptor.set;
    Object.defineProperty(HTMLIFrameElement.prototype, attribute, {
      ...descriptor,
      set(this: HTMLIFrameElement, value: unknown) {
        const next = rewrite(this, attribute, String(value));
        if (next !== undefined) set.call(this, next);
      },
    });
  }
}
