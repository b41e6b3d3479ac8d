// Pure (no DOM types, unit-tested in Node): what a media response is, from its headers and its
// first bytes. media.ts uses it to choose between a whole `blob:` and MediaSource streaming.

/** Where a byte range sits in the whole file (`Content-Range: bytes 0-1023/20000000`). */
export interface ContentRange {
  readonly start: number;
  /** Inclusive, as in the header. */
  readonly end: number;
  /** Undefined when the server sent `*` (size unknown). */
  readonly total: number | undefined;
}

export function parseContentRange(value: string | null | undefined): ContentRange | undefined {
  const match = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value ?? '');
  if (match === null) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]);
  const total = match[3] === '*' ? undefined : Number(match[3]);
  if (end < start || (total !== undefined && end >= total)) return undefined;
  return { start, end, total };
}

/**
 * The container, from the bytes (a server's Content-Type is often generic: Streamlit serves
 * `st.video(bytes)` as `video/mp4` whatever it holds, e.g. the WAV of the tunnel tests).
 */
export type MediaContainer = 'mp4' | 'webm' | 'mp3' | 'aac' | 'wav' | 'ogg' | 'flac' | 'unknown';

export interface SniffedMedia {
  readonly container: MediaContainer;
  /**
   * The MIME type to give MediaSource when the bytes can be appended as they are (WebM with the
   * codecs read from its header, MP3, ADTS AAC). Undefined for MP4 (remuxed, its types come from
   * the `moov`) and for what MediaSource cannot take.
   */
  readonly rawMime: string | undefined;
}

const ascii = (bytes: Uint8Array, at: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(at, at + length));

export function sniffMedia(head: Uint8Array, contentType = ''): SniffedMedia {
  if (head.length >= 12 && ascii(head, 4, 4) === 'ftyp') return { container: 'mp4', rawMime: undefined };
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    return { container: 'webm', rawMime: webmMime(head) };
  }
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WAVE') return { container: 'wav', rawMime: undefined };
  if (head.length >= 4 && ascii(head, 0, 4) === 'OggS') return { container: 'ogg', rawMime: undefined };
  if (head.length >= 4 && ascii(head, 0, 4) === 'fLaC') return { container: 'flac', rawMime: undefined };
  // ID3v2 tags come before MP3 frames (and sometimes before ADTS AAC): look past them.
  let at = 0;
  if (head.length >= 10 && ascii(head, 0, 3) === 'ID3') {
    const size = ((head[6]! & 0x7f) << 21) | ((head[7]! & 0x7f) << 14) | ((head[8]! & 0x7f) << 7) | (head[9]! & 0x7f);
    at = 10 + size + ((head[5]! & 0x10) !== 0 ? 10 : 0);
  }
  if (head.length >= at + 2 && head[at] === 0xff) {
    const second = head[at + 1]!;
    // ADTS: sync 0xFFF, layer 00. MPEG audio: sync 0xFFE (11 bits), a layer other than 00.
    if ((second & 0xf6) === 0xf0) return { container: 'aac', rawMime: 'audio/aac' };
    if ((second & 0xe0) === 0xe0 && (second & 0x06) !== 0) return { container: 'mp3', rawMime: 'audio/mpeg' };
  }
  // An ID3 tag bigger than the bytes we have, with an audio/mpeg type: an MP3 with cover art.
  if (at > head.length && /^audio\/(mpeg|mp3)\b/i.test(contentType)) return { container: 'mp3', rawMime: 'audio/mpeg' };
  return { container: 'unknown', rawMime: undefined };
}

// WebM's codec IDs → the codecs parameter MediaSource wants (Chromium refuses `video/webm` without one).
const WEBM_CODECS: Record<string, string> = {
  V_VP8: 'vp8',
  V_VP9: 'vp9',
  A_VORBIS: 'vorbis',
  A_OPUS: 'opus',
};

/** `video/webm; codecs="vp9,opus"` from the header's tracks; undefined when one is not known (e.g. AV1). */
export function webmMime(head: Uint8Array): string | undefined {
  const ids = webmCodecIds(head);
  if (ids.length === 0) return undefined;
  const codecs = ids.map((id) => WEBM_CODECS[id]);
  if (codecs.some((c) => c === undefined)) return undefined;
  const kind = ids.some((id) => id.startsWith('V_')) ? 'video' : 'audio';
  return `${kind}/webm; codecs="${codecs.join(',')}"`;
}

// EBML element IDs on the way from the file to each track's CodecID.
const SEGMENT = 0x18538067;
const TRACKS = 0x1654ae6b;
const TRACK_ENTRY = 0xae;
const CODEC_ID = 0x86;
const CLUSTER = 0x1f43b675;

/** The CodecID of each track in a WebM header (walks the EBML elements; the clusters stop it). */
export function webmCodecIds(head: Uint8Array): string[] {
  const ids: string[] = [];
  const walk = (from: number, to: number, depth: number): boolean => {
    let at = from;
    while (at < to) {
      const id = readVint(head, at, true);
      if (id === undefined) return false;
      const size = readVint(head, at + id.length, false);
      if (size === undefined) return false;
      const body = at + id.length + size.length;
      // Unknown size (all ones): the element runs to its parent's end (live WebM's Segment).
      const end = size.unknown ? to : Math.min(body + size.value, to);
      if (id.value === CLUSTER) return false;
      if (id.value === CODEC_ID && depth === 3) ids.push(ascii(head, body, end - body).replace(/\0+$/, ''));
      else if ((id.value === SEGMENT && depth === 0) || (id.value === TRACKS && depth === 1) || (id.value === TRACK_ENTRY && depth === 2)) {
        if (!walk(body, end, depth + 1)) return false;
        if (id.value === TRACKS) return false;
      }
      at = size.unknown ? to : body + size.value;
    }
    return true;
  };
  walk(0, head.length, 0);
  return ids;
}

interface Vint {
  readonly value: number;
  readonly length: number;
  readonly unknown: boolean;
}

/** An EBML variable-length integer; IDs keep their marker bit, sizes do not. */
function readVint(bytes: Uint8Array, at: number, keepMarker: boolean): Vint | undefined {
  const first = bytes[at];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (length > 8 || at + length > bytes.length) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = bytes[at + i]!;
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}
