// Pure (no DOM types, unit-tested in Node): the decisions of media streaming. Which path a media
// file takes (a whole `blob:` or MediaSource), when to fetch more, and what to drop, from the
// element's buffered time ranges. The numbers are here, named, so the docs and tests can cite them.

import type { MediaContainer } from './mediaFormat';

/** The first request asks for this much: enough for the headers (and a faststart MP4's `moov`). */
export const PROBE_BYTES = 1024 * 1024;
/** Smaller files keep today's whole `blob:`: simple, and cheap to hold. */
export const STREAMING_THRESHOLD_BYTES = 8 * 1024 * 1024;
/** Range requests while streaming. */
export const CHUNK_BYTES = 1024 * 1024;
/** Fetch while less than this is buffered ahead of the playhead. */
export const AHEAD_SECONDS = 30;
/** …and this much before the element first plays. */
export const PRELOAD_SECONDS = 5;
/** Keep this much behind the playhead (a short jump back needs no refetch)… */
export const BEHIND_SECONDS = 10;
/** …and drop it only in pieces at least this long, so a playing element is not trimmed every tick. */
export const EVICT_MIN_SECONDS = 10;
/** A position this close to a range's edge counts as inside it (frames, audio packets). */
export const EDGE_SECONDS = 0.3;

export type TimeRange = readonly [start: number, end: number];

export type MediaPath =
  | { readonly kind: 'blob'; readonly warning?: string }
  | { readonly kind: 'mp4' }
  | { readonly kind: 'raw'; readonly mime: string };

export interface MediaFacts {
  /** Total size, when the server told it (Content-Range). */
  readonly total: number | undefined;
  /** The server answered the probe's Range with 206. */
  readonly ranged: boolean;
  readonly container: MediaContainer;
  readonly rawMime: string | undefined;
  /** A media element to attach a MediaSource to (an `<img>` or a `<source>` without one has none). */
  readonly hasMediaElement: boolean;
  readonly mediaSourceAvailable: boolean;
  readonly isTypeSupported: (mime: string) => boolean;
}

export function chooseMediaPath(facts: MediaFacts): MediaPath {
  const total = facts.total;
  if (!facts.hasMediaElement || total === undefined || total < STREAMING_THRESHOLD_BYTES) return { kind: 'blob' };
  const size = `${(total / 1e6).toFixed(1)} MB`;
  if (!facts.ranged) return { kind: 'blob', warning: `${size}, loaded whole: the server ignored the Range request` };
  if (!facts.mediaSourceAvailable) return { kind: 'blob', warning: `${size}, loaded whole: no MediaSource in this webview` };
  if (facts.container === 'mp4') return { kind: 'mp4' };
  if (facts.rawMime !== undefined && facts.isTypeSupported(facts.rawMime)) return { kind: 'raw', mime: facts.rawMime };
  const what = facts.rawMime ?? (facts.container === 'unknown' ? 'an unrecognised format' : facts.container.toUpperCase());
  return {
    kind: 'blob',
    warning: `${size} of ${what}, loaded whole: streaming covers MP4, WebM (VP8/VP9, Vorbis/Opus), MP3 and AAC; use one of those for large media`,
  };
}

/** The range that holds `time` (within EDGE_SECONDS), if any. */
export function rangeAt(ranges: readonly TimeRange[], time: number): TimeRange | undefined {
  return ranges.find(([start, end]) => time >= start - EDGE_SECONDS && time <= end + EDGE_SECONDS);
}

/** Seconds buffered ahead of `time` without a gap. */
export function bufferedAhead(ranges: readonly TimeRange[], time: number): number {
  const range = rangeAt(ranges, time);
  return range === undefined ? 0 : Math.max(0, range[1] - time);
}

export function wantsMoreData(ranges: readonly TimeRange[], time: number, aheadSeconds = AHEAD_SECONDS): boolean {
  return bufferedAhead(ranges, time) < aheadSeconds;
}

/**
 * What to remove from the buffer at playhead `time`: what is more than BEHIND_SECONDS behind it
 * (once that is at least EVICT_MIN_SECONDS), and what lies beyond twice the look-ahead (left over
 * from before a seek back). With `urgent` (the browser's quota is full) everything behind the
 * playhead but its last second goes, whatever its length.
 */
export function evictionRanges(ranges: readonly TimeRange[], time: number, urgent = false): TimeRange[] {
  const out: TimeRange[] = [];
  const behindUntil = urgent ? time - 1 : time - BEHIND_SECONDS;
  const first = ranges[0];
  if (first !== undefined) {
    const start = first[0];
    const end = Math.min(behindUntil, Math.max(...ranges.map((r) => r[1])));
    if (end > start && (urgent || end - start >= EVICT_MIN_SECONDS)) out.push([start, end]);
  }
  // Ranges that start far ahead: left over from before a seek back.
  for (const range of ranges) if (range[0] > time + 2 * AHEAD_SECONDS) out.push(range);
  return out;
}

/** The sum of the ranges' lengths. */
export function bufferedSeconds(ranges: readonly TimeRange[]): number {
  return ranges.reduce((sum, [start, end]) => sum + (end - start), 0);
}
