// Turns an ordinary MP4 (one `moov` with the sample tables, at the start or at the end, and the
// samples in one `mdat`) into fragments MediaSource can take, from byte ranges fed in any order,
// with mp4box.js doing the parsing and the fragmenting. No DOM: it runs in Node for the tests.
// The caller fetches what `feed` and `seek` ask for; nothing here holds the whole file: mp4box
// drops a fed buffer once its samples are fragmented, and the samples are released as soon as
// their segment is out.

import { createFile, MP4BoxBuffer, type ISOFile, type Movie } from 'mp4box';

/** A track MediaSource gets a SourceBuffer for: its type and its initialisation segment. */
export interface Mp4Track {
  readonly id: number;
  readonly mime: string;
  readonly init: ArrayBuffer;
}

export interface Mp4Segment {
  readonly trackId: number;
  readonly data: ArrayBuffer;
  /** The track's last samples. */
  readonly last: boolean;
}

/** Samples per fragment (mp4box wants one figure for all tracks); cut at the next key frame. */
export const SEGMENT_SAMPLES = 60;

export class Mp4Remuxer {
  private readonly file: ISOFile<unknown, unknown>;
  private movie: Movie | undefined;
  private trackList: Mp4Track[] = [];
  private segments: Mp4Segment[] = [];
  private readonly ended = new Set<number>();
  private failure: string | undefined;

  constructor(private readonly segmentSamples = SEGMENT_SAMPLES) {
    // keepMdatData: the samples are what we fragment.
    this.file = createFile(true);
    this.file.onError = (module, message) => (this.failure ??= `${module}: ${message}`);
    this.file.onReady = (movie) => this.prepare(movie);
    this.file.onSegment = (id, _user, buffer, nextSample, last) => {
      this.segments.push({ trackId: id, data: buffer, last });
      if (last) this.ended.add(id);
      // The segment holds a copy of its samples.
      this.file.releaseUsedSamples(id, nextSample);
    };
  }

  /** The `moov` was parsed: the tracks and the duration are known. */
  get ready(): boolean {
    return this.movie !== undefined;
  }

  get tracks(): readonly Mp4Track[] {
    return this.trackList;
  }

  /** Seconds, once ready. */
  get duration(): number {
    return this.movie === undefined ? Number.NaN : this.movie.duration / this.movie.timescale;
  }

  /** Every track's last segment went out since the start or the last seek. */
  get done(): boolean {
    return this.trackList.length > 0 && this.trackList.every((t) => this.ended.has(t.id));
  }

  /** mp4box's complaint, if it had one (a file it cannot read, a fragmented file it cannot cut). */
  get error(): string | undefined {
    return this.failure;
  }

  /** The file's bytes mp4box holds: fed buffers, `mdat` copies, samples not fragmented yet. */
  get heldBytes(): number {
    const sum = (buffers: readonly ArrayBuffer[]): number => buffers.reduce((total, b) => total + b.byteLength, 0);
    return sum(this.file.stream.buffers) + this.file.mdats.reduce((total, mdat) => total + sum(mdat.stream?.buffers ?? []), 0) + this.file.getAllocatedSampleDataSize();
  }

  /** Feeds the file's bytes at `fileStart`; returns the offset it wants next. */
  feed(bytes: Uint8Array, fileStart: number): number {
    const buffer = new MP4BoxBuffer(bytes.byteLength);
    new Uint8Array(buffer).set(bytes);
    buffer.fileStart = fileStart;
    let next: number | undefined;
    try {
      next = this.file.appendBuffer(buffer);
    } catch (err) {
      // Malformed boxes can throw rather than call onError.
      this.failure ??= String(err);
    }
    this.dropUsedBuffers();
    return typeof next === 'number' && Number.isFinite(next) ? next : fileStart + bytes.byteLength;
  }

  /** The segments made since the last call, in the order they were made. */
  takeSegments(): Mp4Segment[] {
    const out = this.segments;
    this.segments = [];
    return out;
  }

  /**
   * Restarts the fragmenting at the key frame at or before `time`; returns that key frame's time
   * and the offset to feed from. Segments not taken yet are dropped, and so is what was read for
   * the old position (samples not fragmented yet, fed ranges): kept, it would pile up seek after
   * seek, and the pump fetches from the offset anyway.
   */
  seek(time: number): { time: number; offset: number } {
    this.segments = [];
    this.ended.clear();
    for (const trak of this.file.moov.traks) for (let i = 0; i < trak.samples.length; i++) this.file.releaseSample(trak, i);
    this.file.stream.buffers.length = 0;
    const target = this.file.seek(time, true);
    this.file.start();
    return { time: target.time, offset: target.offset };
  }

  /**
   * mp4box frees a fed buffer once exactly all its bytes were used; the first one of a file with
   * its `moov` at the end is counted past its length (its `mdat` part is also copied into the
   * `mdat`) and would stay. Drops used-up buffers, in place as mp4box's own cleanup does.
   */
  private dropUsedBuffers(): void {
    const buffers = this.file.stream.buffers;
    for (let i = buffers.length - 1; i >= 0; i--) if ((buffers[i]!.usedBytes ?? 0) >= buffers[i]!.byteLength) buffers.splice(i, 1);
  }

  private prepare(movie: Movie): void {
    this.movie = movie;
    const usable = movie.tracks.filter((t) => t.type === 'video' || t.type === 'audio');
    for (const track of usable) this.file.setSegmentOptions(track.id, undefined, { nbSamples: this.segmentSamples });
    const inits = this.file.initializeSegmentation('per-track');
    this.trackList = inits.map((init) => {
      const track = usable.find((t) => t.id === init.id)!;
      return { id: init.id, mime: `${track.type === 'video' ? 'video' : 'audio'}/mp4; codecs="${track.codec}"`, init: init.buffer };
    });
    this.file.start();
  }
}
