// Media elements load their `src` natively, outside fetch and XHR, so those loads would miss the
// tunnel (and the CSP would block them). Streamlit sets media URLs with setAttribute or the `src`
// property: both are hooked, and a tunnel URL is fetched through the (intercepted) fetch.
//
// Images, tracks, icons and small audio/video become a `blob:` of the whole file. Audio and video
// of STREAMING_THRESHOLD_BYTES or more are streamed through a MediaSource instead, by Range
// requests, so the webview never holds the whole file: MP4 is fragmented on the fly (mp4Stream.ts,
// a separate bundle loaded on first use), WebM, MP3 and AAC are appended as they are
// (mediaSource.ts). A large file no MediaSource can take (e.g. WAV) keeps the blob, with a warning.
// Everything stops (requests aborted, URLs revoked) when the element gets another source; a
// stream also stops when its element leaves the document.

import { reportError, reportWarning } from './hostLog';
import { isTunnelUrl } from './httpClient';
import { parseContentRange, sniffMedia } from './mediaFormat';
import { chooseMediaPath, PROBE_BYTES } from './mediaPolicy';
import { abortable, isAbort } from './abort';
import { nextEvent, streamRaw, type StreamContext } from './mediaSource';
import type * as Mp4StreamModule from './mp4Stream';

export type MediaFetch = (url: string, init?: RequestInit) => Promise<Response>;
type Mp4Streamer = typeof Mp4StreamModule.streamMp4;

const HOOKED: Array<[typeof HTMLElement, string]> = [
  [HTMLImageElement, 'src'],
  [HTMLMediaElement, 'src'],
  [HTMLSourceElement, 'src'],
  [HTMLTrackElement, 'src'],
  [HTMLLinkElement, 'href'],
];


/** One tunnel URL given to one element: what to abort and revoke when it is replaced. */
interface Routed {
  readonly url: string;
  readonly controller: AbortController;
  objectUrl: string | undefined;
  /** It failed, or its element left the document: the same URL set again starts over. */
  stopped: boolean;
  /** Set while a MediaSource streams into this element. */
  media: HTMLMediaElement | undefined;
}

/** Call while the shim's classic script runs: the MP4 streamer's bundle is found next to it. */
export function hookMediaSources(fetchMedia: MediaFetch): void {
  const shimUrl = (document.currentScript as HTMLScriptElement | null)?.src ?? document.baseURI;
  const mp4StreamUrl = new URL('tunnel-mp4.js', shimUrl).href;
  const loadMp4Streamer = async (): Promise<Mp4Streamer> => ((await import(mp4StreamUrl)) as typeof Mp4StreamModule).streamMp4;
  const current = new WeakMap<Element, Routed>();
  const streaming = new Set<Routed>();
  const setAttribute = Element.prototype.setAttribute;

  const release = (element: Element): void => {
    const previous = current.get(element);
    if (previous === undefined) return;
    current.delete(element);
    streaming.delete(previous);
    previous.controller.abort();
    if (previous.objectUrl !== undefined) URL.revokeObjectURL(previous.objectUrl);
  };

  // A removed element's stream stops (its fetches would go on feeding a buffer nobody plays).
  const removals = new MutationObserver(() => {
    for (const routed of streaming) {
      if (routed.media?.isConnected !== false) continue;
      streaming.delete(routed);
      routed.stopped = true;
      routed.controller.abort();
    }
    if (streaming.size === 0) removals.disconnect();
  });

  const applies = (element: Element, name: string): boolean =>
    HOOKED.some(([type, attribute]) => element instanceof type && attribute === name.toLowerCase()) &&
    // Links only for icons: stylesheets and preloads are the bundle's own files.
    (!(element instanceof HTMLLinkElement) || /\bicon\b/i.test(element.rel));

  const route = (element: Element, name: string, url: string): void => {
    const previous = current.get(element);
    // The same URL again (a re-render): what loads or plays it goes on.
    if (previous?.url === url && !previous.stopped && (previous.objectUrl === undefined || element.getAttribute(name) === previous.objectUrl)) return;
    release(element);
    const routed: Routed = { url, controller: new AbortController(), objectUrl: undefined, stopped: false, media: undefined };
    current.set(element, routed);
    const setSource = (objectUrl: string): void => {
      routed.objectUrl = objectUrl;
      setAttribute.call(element, name, objectUrl);
      // A <source> already in its media element is only read again by load().
      if (element instanceof HTMLSourceElement) mediaElementOf(element)?.load();
    };
    const startStream = (media: HTMLMediaElement): void => {
      routed.media = media;
      streaming.add(routed);
      if (streaming.size === 1) removals.observe(document.documentElement, { childList: true, subtree: true });
    };
    loadInto(element, url, routed.controller.signal, { fetchMedia, loadMp4Streamer, setSource, startStream }).catch((err: unknown) => {
      // Replaced or removed meanwhile: whatever the failure (Chromium reports a body read cut off by
      // the abort as "Failed to fetch"), nobody waits for this load.
      if (isAbort(err) || routed.controller.signal.aborted) return;
      routed.stopped = true;
      reportError(`media ${url} failed: ${String(err)}`);
    });
  };

  Element.prototype.setAttribute = function (this: Element, name: string, value: string): void {
    if (applies(this, name) && isTunnelUrl(String(value))) route(this, name, String(value));
    else {
      if (applies(this, name)) release(this);
      setAttribute.call(this, name, value);
    }
  };

  for (const [type, attribute] of HOOKED) {
    const descriptor = Object.getOwnPropertyDescriptor(type.prototype, attribute);
    if (descriptor?.set === undefined) continue;
    const set = descriptor.set;
    Object.defineProperty(type.prototype, attribute, {
      ...descriptor,
      set(this: Element, value: unknown) {
        if (applies(this, attribute) && isTunnelUrl(String(value))) route(this, attribute, String(value));
        else {
          if (applies(this, attribute)) release(this);
          set.call(this, value);
        }
      },
    });
  }
}

interface Loading {
  readonly fetchMedia: MediaFetch;
  readonly loadMp4Streamer: () => Promise<Mp4Streamer>;
  /** Gives the element an object URL (a blob's or a MediaSource's). */
  readonly setSource: (objectUrl: string) => void;
  readonly startStream: (media: HTMLMediaElement) => void;
}

/** The element whose playback a source feeds: itself, or a `<source>`'s media element. */
function mediaElementOf(element: Element): HTMLMediaElement | undefined {
  if (element instanceof HTMLMediaElement) return element;
  if (element instanceof HTMLSourceElement && element.parentElement instanceof HTMLMediaElement) return element.parentElement;
  return undefined;
}

async function loadInto(element: Element, url: string, signal: AbortSignal, loading: Loading): Promise<void> {
  const { fetchMedia, setSource } = loading;
  const media = mediaElementOf(element);
  if (media === undefined) {
    const response = await fetchMedia(url, { signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    setSource(URL.createObjectURL(await response.blob()));
    return;
  }

  // The first chunk tells the size (Content-Range) and the format (the bytes).
  const probe = await fetchMedia(url, { headers: { Range: `bytes=0-${PROBE_BYTES - 1}` }, signal });
  if (!probe.ok) throw new Error(`HTTP ${probe.status}`);
  const contentType = probe.headers.get('Content-Type') ?? '';
  const head = new Uint8Array(await probe.arrayBuffer());
  const ranged = probe.status === 206;
  const total = ranged ? parseContentRange(probe.headers.get('Content-Range'))?.total : head.byteLength;
  const format = sniffMedia(head, contentType);
  const path = chooseMediaPath({
    total,
    ranged,
    container: format.container,
    rawMime: format.rawMime,
    hasMediaElement: true,
    mediaSourceAvailable: typeof MediaSource === 'function',
    isTypeSupported: (mime) => MediaSource.isTypeSupported(mime),
  });

  const loadWhole = async (warning: string | undefined): Promise<void> => {
    if (warning !== undefined) reportWarning(`media ${url}: ${warning}`);
    const parts: BlobPart[] = [head];
    if (ranged && (total === undefined || head.byteLength < total)) {
      const rest = await fetchMedia(url, { headers: { Range: `bytes=${head.byteLength}-` }, signal });
      if (rest.status !== 206) throw new Error(`HTTP ${rest.status} for the rest of the file`);
      parts.push(await rest.blob());
    }
    setSource(URL.createObjectURL(new Blob(parts, { type: contentType })));
  };
  if (path.kind === 'blob' || total === undefined) return loadWhole(path.kind === 'blob' ? path.warning : undefined);

  const context: StreamContext = {
    total,
    head,
    media,
    signal,
    fetchRange: (start, end, fetchSignal) =>
      abortable(fetchSignal, async () => {
        const response = await fetchMedia(url, { headers: { Range: `bytes=${start}-${end - 1}` }, signal: fetchSignal });
        const range = parseContentRange(response.headers.get('Content-Range'));
        if (response.status !== 206 || range?.start !== start) throw new Error(`HTTP ${response.status} ${range === undefined ? 'without' : 'with another'} Content-Range for bytes ${start}-${end - 1}`);
        return new Uint8Array(await response.arrayBuffer());
      }),
    attach: async () => {
      // Left the document while the probe ran: nothing to stream into.
      if (!media.isConnected) throw new DOMException('The media element left the document.', 'AbortError');
      const source = new MediaSource();
      loading.startStream(media);
      setSource(URL.createObjectURL(source));
      await nextEvent(source, ['sourceopen'], signal);
      return source;
    },
  };
  if (path.kind === 'raw') return streamRaw(context, path.mime);
  const streamMp4 = await loading.loadMp4Streamer();
  const refusal = await streamMp4(context);
  // Refused before anything was attached: the element still has no source.
  await loadWhole(`${(total / 1e6).toFixed(1)} MB MP4, loaded whole: ${refusal.unsupported}`);
}
