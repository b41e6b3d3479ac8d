// MP4 through MediaSource: the entry of dist/webview/tunnel-mp4.js, a bundle of its own that the
// shim imports the first time a large MP4 plays (mp4box.js is ~180 KB minified, three times the
// rest of the shim). The file is fetched by Range in CHUNK_BYTES pieces, fragmented on the fly
// by Mp4Remuxer (a `moov` at the end is fetched first), and appended per track while less than
// AHEAD_SECONDS is buffered ahead; a seek to an unbuffered time restarts at the key frame before it.

import { CHUNK_BYTES, wantsMoreData } from './mediaPolicy';
import { isAbort } from './abort';
import { endStream, lookAhead, nextEvent, playheadBuffered, PLAYHEAD_EVENTS, SourceBufferQueue, timeRanges, type StreamContext } from './mediaSource';
import { Mp4Remuxer } from './mp4Remuxer';

/** Why a file is left to the whole-`blob:` path (decided before anything is attached). */
export interface Mp4Refusal {
  readonly unsupported: string;
}

/** Resolves only to refuse the file; otherwise streams until the context's signal aborts it. */
export async function streamMp4(context: StreamContext): Promise<Mp4Refusal> {
  const { media, signal, total } = context;
  const remuxer = new Mp4Remuxer();
  let position = remuxer.feed(context.head, 0);
  /** Fetches and feeds [position, position + CHUNK_BYTES). */
  const feedNext = async (fetchSignal: AbortSignal): Promise<void> => {
    const end = Math.min(position + CHUNK_BYTES, total);
    const bytes = await context.fetchRange(position, end, fetchSignal);
    const next = remuxer.feed(bytes, position);
    // mp4box asking for the same place again would loop: go on after what it got.
    position = next === position ? end : next;
  };

  // The `moov` first, wherever it is; nothing is attached until the codecs are known.
  while (!remuxer.ready) {
    if (remuxer.error !== undefined) return { unsupported: `mp4box: ${remuxer.error}` };
    if (position >= total) return { unsupported: 'no moov box in the file' };
    await feedNext(signal);
  }
  const tracks = remuxer.tracks;
  if (tracks.length === 0) return { unsupported: 'no audio or video track' };
  const unsupported = tracks.find((t) => !MediaSource.isTypeSupported(t.mime));
  if (unsupported !== undefined) return { unsupported: `MediaSource does not play ${unsupported.mime}` };

  const source = await context.attach();
  source.duration = remuxer.duration;
  const queues = new Map(tracks.map((t) => [t.id, new SourceBufferQueue(source.addSourceBuffer(t.mime), media, signal)]));
  const all = [...queues.values()];
  const appended: Array<Promise<void>> = tracks.map((t) => queues.get(t.id)!.append(t.init));

  // A seek to a time not buffered aborts the fetch under way and restarts the fragmenting there.
  let seekTo: number | undefined;
  let fetching: AbortController | undefined;
  const onSeeking = (): void => {
    if (playheadBuffered(media)) return;
    seekTo = media.currentTime;
    fetching?.abort();
  };
  media.addEventListener('seeking', onSeeking);
  try {
    for (;;) {
      for (const segment of remuxer.takeSegments()) appended.push(queues.get(segment.trackId)!.append(segment.data));
      await Promise.all(appended.splice(0));
      if (seekTo !== undefined) {
        position = remuxer.seek(seekTo).offset;
        seekTo = undefined;
        continue;
      }
      if (remuxer.done || position >= total) {
        await endStream(source, all);
        await nextEvent(media, ['seeking'], signal);
        continue;
      }
      if (!wantsMoreData(timeRanges(media.buffered), media.currentTime, lookAhead(media))) {
        await Promise.all(all.map((q) => q.evict()));
        await nextEvent(media, PLAYHEAD_EVENTS, signal);
        continue;
      }
      if (remuxer.error !== undefined) throw new Error(`mp4box: ${remuxer.error}`);
      fetching = new AbortController();
      try {
        await feedNext(AbortSignal.any([signal, fetching.signal]));
      } catch (err) {
        // Aborted for a seek: the loop picks it up. Aborted for good, or failed: out.
        if (!(isAbort(err) && !signal.aborted && seekTo !== undefined)) throw err;
      } finally {
        fetching = undefined;
      }
      await Promise.all(all.map((q) => q.evict()));
    }
  } finally {
    media.removeEventListener('seeking', onSeeking);
  }
}
