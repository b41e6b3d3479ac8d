// A custom component's document, made loadable inside the webview. Its iframe cannot load from
// the app (the CSP allows frames only from blob:), so the shim fetches the component's
// index.html through the tunnel and turns it into a self-contained blob: document:
//  - relative (or tunnel) scripts are fetched through the tunnel and become blob: URLs;
//  - stylesheets are fetched and inlined as <style> (style-src allows inline, not blob:);
//  - images become blob: URLs;
//  - every script gets the document's nonce: a blob: or srcdoc document inherits the webview's
//    CSP, so without it no script of the component would run.
// Loads the component starts itself later (fetch, dynamic import, CSS url()) are not routed:
// the CSP blocks them, and a first script in the document reports them to the tunnel's log.

import { isTunnelUrl } from './httpClient';

/** Fetches a tunnel URL (through the intercepted fetch). */
export type Fetcher = (url: string) => Promise<Response>;

export interface ComponentDocument {
  html: string;
  /** blob: URLs the document refers to; revoke them when the frame moves on. */
  blobUrls: string[];
}

async function ok(fetcher: Fetcher, url: string): Promise<Response> {
  const response = await fetcher(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return response;
}

/** The URL a reference in the component resolves to, if it is one the tunnel serves. */
function tunnelReference(value: string | null, base: string): string | undefined {
  if (value === null || value === '') return undefined;
  try {
    const url = new URL(value, base).href;
    return isTunnelUrl(url) ? url : undefined;
  } catch {
    return undefined;
  }
}

function serialize(doc: Document): string {
  const doctype = doc.doctype === null ? '' : `<!DOCTYPE ${doc.doctype.name}>\n`;
  return doctype + doc.documentElement.outerHTML;
}

/** The name of the tunnel window's function that component documents report blocked loads to. */
export const ESCAPE_REPORTER = '__threadlitComponentEscape';

/**
 * A component document's CSP violations fire in that document, not in the tunnel's; this first
 * script hands them to the tunnel window (same origin), so escapes.ts's report covers them too.
 */
function addEscapeReporter(doc: Document, nonce: string): void {
  const script = doc.createElement('script');
  script.setAttribute('nonce', nonce);
  script.textContent = `document.addEventListener('securitypolicyviolation', function (e) { try { parent.${ESCAPE_REPORTER}(e.blockedURI, e.effectiveDirective); } catch (_) {} });`;
  doc.head.prepend(script);
}

/** Adds the nonce to every script of an inline (srcdoc) document, and the escape reporter. */
export function withNonce(html: string, nonce: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const script of doc.querySelectorAll('script')) script.setAttribute('nonce', nonce);
  addEscapeReporter(doc, nonce);
  return serialize(doc);
}

/** Builds the self-contained document of the component whose index.html is at `url`. */
export async function buildComponentDocument(url: string, nonce: string, fetcher: Fetcher): Promise<ComponentDocument> {
  const source = await (await ok(fetcher, url)).text();
  const doc = new DOMParser().parseFromString(source, 'text/html');
  const blobUrls: string[] = [];
  const asBlob = async (reference: string): Promise<string> => {
    const blobUrl = URL.createObjectURL(await (await ok(fetcher, reference)).blob());
    blobUrls.push(blobUrl);
    return blobUrl;
  };
  const jobs: Array<Promise<void>> = [];
  for (const script of doc.querySelectorAll('script')) {
    script.setAttribute('nonce', nonce);
    const reference = tunnelReference(script.getAttribute('src'), url);
    if (reference !== undefined) jobs.push(asBlob(reference).then((blobUrl) => script.setAttribute('src', blobUrl)));
  }
  for (const link of doc.querySelectorAll('link[rel~="stylesheet"]')) {
    const reference = tunnelReference(link.getAttribute('href'), url);
    if (reference === undefined) continue;
    jobs.push(
      ok(fetcher, reference)
        .then((response) => response.text())
        .then((css) => {
          const style = doc.createElement('style');
          style.textContent = css;
          link.replaceWith(style);
        }),
    );
  }
  for (const image of doc.querySelectorAll('img[src]')) {
    const reference = tunnelReference(image.getAttribute('src'), url);
    if (reference !== undefined) jobs.push(asBlob(reference).then((blobUrl) => image.setAttribute('src', blobUrl)));
  }
  addEscapeReporter(doc, nonce);
  try {
    await Promise.all(jobs);
  } catch (err) {
    for (const blobUrl of blobUrls) URL.revokeObjectURL(blobUrl);
    throw err;
  }
  return { html: serialize(doc), blobUrls };
}
