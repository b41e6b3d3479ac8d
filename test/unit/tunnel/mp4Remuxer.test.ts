// The MP4 remuxer (webview/tunnel/mp4Remuxer.ts) on real files: 20 s of H.264 + AAC made by
// ffmpeg (test/tunnel/harness/mediaFiles.ts, cached in test-output/media/), fed in 64 KiB ranges
// the way the shim's pump feeds it, following the offsets it asks for.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Mp4Remuxer, type Mp4Segment } from '../../../webview/tunnel/mp4Remuxer';
import { largeMp4, smallMp4 } from '../../tunnel/harness/mediaFiles';

const CHUNK = 64 * 1024;

/** The boxes at the top of `bytes` (type, start of the body, end). */
function boxes(bytes: Uint8Array, from = 0, to = bytes.length): Array<{ type: string; body: number; end: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Array<{ type: string; body: number; end: number }> = [];
  for (let at = from; at + 8 <= to; ) {
    const size = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (size < 8) break;
    out.push({ type, body: at + 8, end: at + size });
    at += size;
  }
  return out;
}

/** The box at `path` (e.g. moof/traf/tfdt). */
function box(bytes: Uint8Array, path: string[]): { body: number; end: number } | undefined {
  let from = 0;
  let to = bytes.length;
  let found: { body: number; end: number } | undefined;
  for (const type of path) {
    found = boxes(bytes, from, to).find((b) => b.type === type);
    if (found === undefined) return undefined;
    from = found.body;
    to = found.end;
  }
  return found;
}

/** A segment's decode time in seconds, with its track's timescale from the init segment's mdhd. */
function decodeSeconds(segment: Mp4Segment, init: ArrayBuffer): number {
  const initBytes = new Uint8Array(init);
  const mdhd = box(initBytes, ['moov', 'trak', 'mdia', 'mdhd'])!;
  const initView = new DataView(init);
  const timescale = initView.getUint32(mdhd.body + (initBytes[mdhd.body] === 1 ? 20 : 12));
  const bytes = new Uint8Array(segment.data);
  const tfdt = box(bytes, ['moof', 'traf', 'tfdt'])!;
  const view = new DataView(segment.data);
  const time = bytes[tfdt.body] === 1 ? Number(view.getBigUint64(tfdt.body + 4)) : view.getUint32(tfdt.body + 4);
  return time / timescale;
}

/** Feeds from `position`, following the remuxer, until it is done; returns the bytes fed and the segments. */
function feedUntilDone(remuxer: Mp4Remuxer, file: Uint8Array, position: number, chunk = CHUNK): { fed: number; fetches: number; segments: Mp4Segment[]; peakHeld: number } {
  let fed = 0;
  let fetches = 0;
  let peakHeld = remuxer.heldBytes;
  const segments: Mp4Segment[] = [...remuxer.takeSegments()];
  while (!remuxer.done) {
    assert.ok(position < file.length, `asked for ${position}, past the end, before the last segment`);
    assert.ok(fetches++ < 200, 'it ends');
    const end = Math.min(position + chunk, file.length);
    const next = remuxer.feed(file.subarray(position, end), position);
    fed += end - position;
    position = next === position ? end : next;
    segments.push(...remuxer.takeSegments());
    peakHeld = Math.max(peakHeld, remuxer.heldBytes);
  }
  return { fed, fetches, segments, peakHeld };
}

describe('tunnel shim: the MP4 remuxer (mp4box.js) on real files', function () {
  // The first run makes the files (about a second each).
  this.timeout(60_000);
  let file: Uint8Array;
  let faststart: Uint8Array;

  before(() => {
    file = new Uint8Array(readFileSync(smallMp4(false).path));
    faststart = new Uint8Array(readFileSync(smallMp4(true).path));
  });

  it('finds a moov at the end by asking for it, then fragments every sample once, in order', () => {
    const remuxer = new Mp4Remuxer();
    const moovAt = remuxer.feed(file.subarray(0, CHUNK), 0);
    assert.equal(remuxer.ready, false);
    assert.ok(moovAt > file.length - 100_000, `asked for ${moovAt} of ${file.length}: the tail, where the moov is`);
    const tail = file.subarray(moovAt, Math.min(moovAt + CHUNK, file.length));
    remuxer.feed(tail, moovAt);
    assert.equal(remuxer.ready, true);
    assert.ok(Math.abs(remuxer.duration - 20) < 0.1, `duration ${remuxer.duration}`);
    // H.264 Constrained Baseline (the level is x264's choice) and AAC-LC.
    assert.match(remuxer.tracks[0]?.mime ?? '', /^video\/mp4; codecs="avc1\.42c0[0-9a-f]{2}"$/);
    assert.equal(remuxer.tracks[1]?.mime, 'audio/mp4; codecs="mp4a.40.2"');
    assert.equal(remuxer.tracks.length, 2);
    for (const track of remuxer.tracks) assert.ok(box(new Uint8Array(track.init), ['moov', 'mvex']), 'an init segment for fragments');

    // The head's samples are fragmented already; the rest follows in order.
    const { fed, segments } = feedUntilDone(remuxer, file, CHUNK);
    // Each byte about once: the mdat's last range runs into the moov again.
    const total = CHUNK + tail.length + fed;
    assert.ok(total <= file.length + CHUNK, `fed ${total} bytes for a ${file.length}-byte file`);
    for (const track of remuxer.tracks) {
      const own = segments.filter((s) => s.trackId === track.id);
      assert.ok(own.length >= 3, `${own.length} segments of track ${track.id}`);
      assert.deepEqual(own.map((s) => s.last), [...own.slice(1).map(() => false), true], 'only the last is last');
      const times = own.map((s) => decodeSeconds(s, track.init));
      assert.deepEqual([...times].sort((a, b) => a - b), times, 'in decode order');
      assert.ok(times[0]! < 0.1 && times[times.length - 1]! > 15, `from ${times[0]} to ${times[times.length - 1]} s`);
      for (const s of own) assert.equal(boxes(new Uint8Array(s.data))[0]?.type, 'moof');
    }
  });

  it('seeks to the key frame before a time and resumes from its offset', () => {
    const remuxer = new Mp4Remuxer();
    const moovAt = remuxer.feed(file.subarray(0, CHUNK), 0);
    remuxer.feed(file.subarray(moovAt), moovAt);
    remuxer.takeSegments();
    const target = remuxer.seek(15);
    // Key frames every 2 s.
    assert.ok(target.time <= 15 && target.time > 12.9, `key frame at ${target.time} s`);
    assert.ok(Math.abs(target.offset - (target.time / 20) * file.length) < 3 * CHUNK, `offset ${target.offset} of ${file.length}`);
    const { fed, segments } = feedUntilDone(remuxer, file, target.offset);
    assert.ok(fed < file.length / 3, `fed ${fed} bytes after the seek`);
    const video = remuxer.tracks[0]!;
    const first = segments.find((s) => s.trackId === video.id)!;
    assert.ok(Math.abs(decodeSeconds(first, video.init) - target.time) < 0.01, `the first segment after the seek starts at ${decodeSeconds(first, video.init)} s`);
  });

  it('holds a few MB of a 20 MB file, not the file, through playback and seeks (1 MiB ranges, as the shim)', () => {
    const large = new Uint8Array(readFileSync(largeMp4().path));
    const MIB = 1024 * 1024;
    const remuxer = new Mp4Remuxer();
    const moovAt = remuxer.feed(large.subarray(0, MIB), 0);
    remuxer.feed(large.subarray(moovAt, Math.min(moovAt + MIB, large.length)), moovAt);
    // Play through the first 5 MiB, then jump around: 3 MiB from each of five seeks.
    let position = MIB;
    let peak = remuxer.heldBytes;
    const play = (until: number): void => {
      while (position < until) {
        const next = remuxer.feed(large.subarray(position, position + MIB), position);
        remuxer.takeSegments();
        peak = Math.max(peak, remuxer.heldBytes);
        position = next === position ? position + MIB : next;
      }
    };
    play(5 * MIB);
    for (const time of [150, 100, 50, 120, 30]) {
      position = remuxer.seek(time).offset;
      play(position + 3 * MIB);
    }
    // The head's mdat copy, the range in hand, a fragment's samples.
    assert.ok(peak < 4 * MIB, `mp4box held up to ${peak} bytes of ${large.length}`);
    console.log(`      mp4box held up to ${(peak / 1e6).toFixed(2)} MB of ${(large.length / 1e6).toFixed(1)} MB`);
  });

  it('reads a faststart file (moov first) in order from the first range', () => {
    const remuxer = new Mp4Remuxer();
    const next = remuxer.feed(faststart.subarray(0, CHUNK), 0);
    assert.equal(remuxer.ready, true);
    assert.equal(next, CHUNK);
    const { fed, segments } = feedUntilDone(remuxer, faststart, next);
    assert.equal(fed + CHUNK, faststart.length, 'each byte once');
    assert.ok(segments.length > 10);
  });
});
