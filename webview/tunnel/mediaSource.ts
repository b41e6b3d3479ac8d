// MediaSource plumbing shared by the two streamers (raw bytes here, MP4 in mp4Stream.ts): a
// serial queue per SourceBuffer, the pump's waits, and the raw streamer for formats MediaSource
// takes as they are (WebM, MP3, ADTS AAC). The decisions are in mediaPolicy.ts.

import { abortError } from './abort';
import { AHEAD_SECONDS, CHUNK_BYTES, EDGE_SECONDS, evictionRanges, PRELOAD_SECONDS, rangeAt, wantsMoreData, type TimeRange } from './mediaPolicy';

/** What media.ts hands a streamer. */
export interface StreamContext {
  readonly total: number;
  /** The probe's bytes, from offset 0. */
  readonly head: Uint8Array<ArrayBuffer>;
  /** The element whose playhead drives the fetching (the `<source>`'s parent for a `<source>`). */
  readonly media: HTMLMediaElement;
  /** Aborted when the element gets another source or leaves the document. */
  readonly signal: AbortSignal;
  /** Bytes [start, end) through the tunnel; rejects with an AbortError once `signal` aborted. */
  fetchRange(start: number, end: number, signal: AbortSignal): Promise<Uint8Array<ArrayBuffer>>;
  /** Gives the element a MediaSource (its object URL as the source) and resolves once it is open. */
  attach(): Promise<MediaSource>;
}

export function timeRanges(ranges: TimeRanges): TimeRange[] {
  const out: TimeRange[] = [];
  for (let i = 0; i < ranges.length; i++) out.push([ranges.start(i), ranges.end(i)]);
  return out;
}

/** Resolves on the first of `events` on `target`, rejects when `signal` aborts. */
export function nextEvent(target: EventTarget, events: readonly string[], signal: AbortSignal): Promise<Event> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const done = (settle: () => void): void => {
      for (const name of events) target.removeEventListener(name, onEvent);
      signal.removeEventListener('abort', onAbort);
      settle();
    };
    const onEvent = (event: Event): void => done(() => resolve(event));
    const onAbort = (): void => done(() => reject(abortError()));
    for (const name of events) target.addEventListener(name, onEvent);
    signal.addEventListener('abort', onAbort);
  });
}

/** Events after which the pump looks again: the playhead moved or jumped, or data was dropped. */
export const PLAYHEAD_EVENTS = ['timeupdate', 'seeking', 'play', 'ratechange', 'emptied'] as const;

/**
 * One SourceBuffer's operations, one at a time (a SourceBuffer throws if used while updating).
 * On QuotaExceededError the buffer behind the playhead is dropped and the append tried again,
 * after the playhead moved on if nothing could be dropped.
 */
export class SourceBufferQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly buffer: SourceBuffer,
    private readonly media: HTMLMediaElement,
    private readonly signal: AbortSignal,
  ) {}

  append(data: BufferSource): Promise<void> {
    return this.enqueue(async () => {
      for (;;) {
        try {
          await this.run(() => this.buffer.appendBuffer(data));
          return;
        } catch (err) {
          if (!(err instanceof DOMException && err.name === 'QuotaExceededError')) throw err;
          const urgent = evictionRanges(timeRanges(this.buffer.buffered), this.media.currentTime, true);
          if (urgent.length > 0) for (const [start, end] of urgent) await this.run(() => this.buffer.remove(start, end));
          else await nextEvent(this.media, ['timeupdate', 'seeking'], this.signal);
        }
      }
    });
  }

  /** Drops what mediaPolicy says to drop at the current playhead. */
  evict(): Promise<void> {
    return this.enqueue(async () => {
      for (const [start, end] of evictionRanges(timeRanges(this.buffer.buffered), this.media.currentTime)) {
        await this.run(() => this.buffer.remove(start, end));
      }
    });
  }

  /** Forgets the parser's state (and, in sequence mode, the running timestamp) to append from the start again. */
  restart(sequence: boolean): Promise<void> {
    return this.enqueue(async () => {
      this.buffer.abort();
      if (sequence) this.buffer.timestampOffset = 0;
    });
  }

  /** Resolves when everything queued so far is done. */
  idle(): Promise<void> {
    return this.tail;
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const result = this.tail.then(op);
    // The queue goes on after a failure; the caller sees it through `result`.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Starts one operation and waits for its `updateend`. The listener goes on after the start: the
   * events come in a later task, and a start that throws (QuotaExceededError) leaves none behind.
   */
  private async run(start: () => void): Promise<void> {
    if (this.signal.aborted) throw abortError();
    start();
    const event = await nextEvent(this.buffer, ['updateend', 'error'], this.signal);
    if (event.type === 'error') throw new Error('the browser could not use the appended media data');
  }
}

/** Ends the stream once every queue is idle, if the MediaSource is still open. */
export async function endStream(source: MediaSource, queues: readonly SourceBufferQueue[]): Promise<void> {
  await Promise.all(queues.map((q) => q.idle()));
  if (source.readyState === 'open' && queues.every((q) => !q.buffer.updating)) source.endOfStream();
}

/**
 * How far ahead to fetch: AHEAD_SECONDS once the element plays or played, PRELOAD_SECONDS before,
 * so a page of videos nobody starts does not fetch 30 s of each. (`preload` is no guide: Chromium
 * reports `auto` for an element without the attribute.)
 */
export function lookAhead(media: HTMLMediaElement): number {
  return media.played.length > 0 || !media.paused ? AHEAD_SECONDS : PRELOAD_SECONDS;
}

/** True when the playhead's position is buffered (on every SourceBuffer). */
export function playheadBuffered(media: HTMLMediaElement): boolean {
  return rangeAt(timeRanges(media.buffered), media.currentTime) !== undefined;
}

/**
 * WebM, MP3 and ADTS AAC: the bytes are appended as they come, in order, while less than
 * AHEAD_SECONDS is buffered ahead. A seek past what arrived waits for the bytes to get there
 * (these formats carry no index the shim reads), dropping what falls behind on the way; a seek
 * back before what is kept starts again from the first byte.
 */
export async function streamRaw(context: StreamContext, mime: string): Promise<void> {
  const { media, signal, total } = context;
  const source = await context.attach();
  const queue = new SourceBufferQueue(source.addSourceBuffer(mime), media, signal);
  // MP3 and AAC carry no timestamps: the browser stamps them in order.
  const sequence = !mime.includes('webm');
  if (sequence) queue.buffer.mode = 'sequence';
  let position = 0;
  for (;;) {
    const ranges = timeRanges(media.buffered);
    const first = ranges[0];
    if (position > 0 && first !== undefined && media.currentTime < first[0] - EDGE_SECONDS) {
      await queue.restart(sequence);
      position = 0;
    }
    if (position >= total) {
      await endStream(source, [queue]);
      await nextEvent(media, ['seeking'], signal);
      continue;
    }
    if (position > 0 && !wantsMoreData(ranges, media.currentTime, lookAhead(media))) {
      await queue.evict();
      await nextEvent(media, PLAYHEAD_EVENTS, signal);
      continue;
    }
    const end = position === 0 ? context.head.byteLength : Math.min(position + CHUNK_BYTES, total);
    const bytes = position === 0 ? context.head : await context.fetchRange(position, end, signal);
    await queue.append(bytes);
    if (sequence && position === 0) estimateDuration(source, queue.buffer, end / total);
    position = end;
    await queue.evict();
  }
}

/**
 * MP3 and AAC state no duration: from the first chunk's, at the same bitrate (exact for constant
 * bitrate; endOfStream() sets the true one).
 */
function estimateDuration(source: MediaSource, buffer: SourceBuffer, fraction: number): void {
  const ranges = timeRanges(buffer.buffered);
  const end = ranges[ranges.length - 1]?.[1] ?? 0;
  const estimate = end / fraction;
  // Before it, the duration is NaN or, once data came, +Infinity.
  if (end > 0 && Number.isFinite(estimate) && !(Number.isFinite(source.duration) && source.duration >= estimate)) source.duration = estimate;
}
