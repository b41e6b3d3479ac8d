// Media elements load their `src` natively, outside fetch and XHR, so those loads would miss the
// tunnel (and the CSP would block them). Streamlit sets media URLs with setAttribute or the `src`
// property: both are hooked, and a tunnel URL becomes a blob: URL of the bytes fetched through
// the tunnel (streamed in chunks; the blob is released when the element gets another source).

import { isTunnelUrl } from './httpClient';

type Loader = (url: string) => Promise<Blob>;

const HOOKED: Array<[typeof HTMLElement, string]> = [
  [HTMLImageElement, 'src'],
  [HTMLMediaElement, 'src'],
  [HTMLSourceElement, 'src'],
  [HTMLTrackElement, 'src'],
  [HTMLLinkElement, 'href'],
];

export function hookMediaSources(load: Loader): void {
  const current = new WeakMap<Element, { url: string; blobUrl: string | undefined }>();
  const setAttribute = Element.prototype.setAttribute;

  const applies = (element: Element, name: string): boolean =>
    HOOKED.some(([type, attribute]) => element instanceof type && attribute === name.toLowerCase()) &&
    // Links only for icons: stylesheets and preloads are the bundle's own files.
    (!(element instanceof HTMLLinkElement) || /\bicon\b/i.test(element.rel));

  const route = (element: Element, name: string, url: string): void => {
    const previous = current.get(element);
    if (previous?.blobUrl !== undefined) URL.revokeObjectURL(previous.blobUrl);
    const entry = { url, blobUrl: undefined as string | undefined };
    current.set(element, entry);
    load(url).then(
      (blob) => {
        // A newer source replaced this one while it loaded.
        if (current.get(element) !== entry) return;
        entry.blobUrl = URL.createObjectURL(blob);
        setAttribute.call(element, name, entry.blobUrl);
      },
      (err: unknown) => console.error(`[threadlit tunnel] media ${url} failed: ${String(err)}`),
    );
  };

  Element.prototype.setAttribute = function (this: Element, name: string, value: string): void {
    if (applies(this, name) && isTunnelUrl(String(value))) route(this, name, String(value));
    else setAttribute.call(this, name, value);
  };

  for (const [type, attribute] of HOOKED) {
    const descriptor = Object.getOwnPropertyDescriptor(type.prototype, attribute);
    if (descriptor?.set === undefined) continue;
    const set = descriptor.set;
    Object.defineProperty(type.prototype, attribute, {
      ...descriptor,
      set(this: Element, value: unknown) {
        if (applies(this, attribute) && isTunnelUrl(String(value))) route(this, attribute, String(value));
        else set.call(this, value);
      },
    });
  }
}
