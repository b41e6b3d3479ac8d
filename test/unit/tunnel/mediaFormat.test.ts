// What a media response is, from its headers and first bytes (webview/tunnel/mediaFormat.ts). The
// headers below are the first bytes of real files made with ffmpeg 7 (imageio-ffmpeg).
import * as assert from 'node:assert/strict';
import { parseContentRange, sniffMedia, webmCodecIds } from '../../../webview/tunnel/mediaFormat';

const hex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

// A 1 s VP9 + Opus WebM up to its first Cluster (589 bytes, most of it Void and Tags).
const WEBM_VP9_OPUS = hex(`
  1a45dfa39f4286810142f7810142f2810442f381084282847765626d4287810442858102185380670100000000002dba114d
  9b74ba4dbb8b53ab841549a96653ac81a14dbb8b53ab841654ae6b53ac81c64dbb8c53ab841254c36753ac8201724dbb8c53
  ab841c53bb6b53ac822da3ec0100000000000059000000000000000000000000000000000000000000000000000000000000
  0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
  0000000000000000001549a966a02ad7b1830f42404d80844c6176665741844c617666448988408f8000000000001654ae6b
  40a6ae0100000000000038d7810173c58800000000000000019c810022b59c83756e648881008685565f56503983810123e3
  83840bebc200e089b08140ba81309a8102ae010000000000005cd7810273c58800000000000000029c810022b59c83756e64
  8881008686415f4f50555356aa83632ea056bb8404c4b400838102e1919f8101b58840e77000000000006264811063a2934f
  707573486561640101380180bb00000000001254c36740a57373d163c08b63c588000000000000000167c89c45a387454e43
  4f44455244878f4c617663206c69627670782d76703967c8a145a3884455524154494f4e44879330303a30303a30312e3030
  30303030303030007373ce63c08b63c588000000000000000267c89945a387454e434f44455244878c4c617663206c69626f
  70757367c8a145a3884455524154494f4e44879330303a30303a30312e30303830303030303000`);
// ffmpeg's MP4 (moov at the end): ftyp isom, then free and the mdat header.
const MP4_HEAD = hex('0000002066747970 69736f6d00000200 69736f6d69736f32 617663316d703431 0000000866726565 012888886d646174');
// An MP3 with a 10-byte ID3v2.4 tag, then an MPEG-1 layer III frame header.
const MP3_HEAD = hex('4944330400000000000a 00000000000000000000 fffb50c400000a2c432e5594');
// ADTS AAC (ffmpeg -f adts).
const AAC_HEAD = hex('fff1504020fffcdc004c61766336312e');

describe('tunnel shim: media formats', () => {
  it('parses Content-Range, and refuses what is not a byte range of a known whole', () => {
    assert.deepEqual(parseContentRange('bytes 0-1048575/20635796'), { start: 0, end: 1048575, total: 20635796 });
    assert.deepEqual(parseContentRange('bytes 1048576-2097151/*'), { start: 1048576, end: 2097151, total: undefined });
    assert.equal(parseContentRange(null), undefined);
    assert.equal(parseContentRange('bytes */20635796'), undefined, 'an unsatisfied range');
    assert.equal(parseContentRange('bytes 10-5/100'), undefined);
    assert.equal(parseContentRange('bytes 0-100/100'), undefined, 'the end is past the size');
    assert.equal(parseContentRange('items 0-1/2'), undefined);
  });

  it('tells MP4 by its ftyp, whatever the Content-Type', () => {
    assert.deepEqual(sniffMedia(MP4_HEAD, 'application/octet-stream'), { container: 'mp4', rawMime: undefined });
  });

  it('reads a WebM’s codecs from its Tracks, for MediaSource', () => {
    assert.deepEqual(webmCodecIds(WEBM_VP9_OPUS), ['V_VP9', 'A_OPUS']);
    assert.deepEqual(sniffMedia(WEBM_VP9_OPUS, 'video/webm'), { container: 'webm', rawMime: 'video/webm; codecs="vp9,opus"' });
  });

  it('gives no MediaSource type for a WebM whose tracks it cannot read or name', () => {
    // Cut before the Tracks element.
    assert.deepEqual(sniffMedia(WEBM_VP9_OPUS.subarray(0, 200)), { container: 'webm', rawMime: undefined });
    // The same header with the video's CodecID V_VP9 changed to V_AV1 (same length: "V_AV1" + NUL).
    const av1 = WEBM_VP9_OPUS.slice();
    const at = Buffer.from(av1).indexOf(Buffer.from('V_VP9'));
    av1.set(Buffer.from('V_AV1'), at);
    assert.deepEqual(webmCodecIds(av1), ['V_AV1', 'A_OPUS']);
    assert.equal(sniffMedia(av1).rawMime, undefined);
  });

  it('tells MP3 (past an ID3 tag) and ADTS AAC by their frame sync', () => {
    assert.deepEqual(sniffMedia(MP3_HEAD, 'audio/mpeg'), { container: 'mp3', rawMime: 'audio/mpeg' });
    assert.deepEqual(sniffMedia(AAC_HEAD), { container: 'aac', rawMime: 'audio/aac' });
    // A tag longer than the probe (cover art) with an MP3 type.
    const bigTag = hex('49443304000000400000'); // 1 MiB tag
    assert.deepEqual(sniffMedia(bigTag, 'audio/mpeg'), { container: 'mp3', rawMime: 'audio/mpeg' });
    assert.deepEqual(sniffMedia(bigTag, 'video/mp4'), { container: 'unknown', rawMime: undefined });
  });

  it('knows the formats MediaSource cannot take', () => {
    assert.equal(sniffMedia(new Uint8Array(Buffer.from('RIFF\x24\x10\x00\x00WAVEfmt ', 'latin1'))).container, 'wav');
    assert.equal(sniffMedia(new Uint8Array(Buffer.from('OggS\x00\x02', 'latin1'))).container, 'ogg');
    assert.equal(sniffMedia(new Uint8Array(Buffer.from('fLaC\x00\x00', 'latin1'))).container, 'flac');
    assert.equal(sniffMedia(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])).container, 'unknown');
    assert.equal(sniffMedia(new Uint8Array()).container, 'unknown');
  });
});
