// The decisions of media streaming (webview/tunnel/mediaPolicy.ts): which path a file takes, when
// to fetch more, what to drop from the buffer.
import * as assert from 'node:assert/strict';
import {
  AHEAD_SECONDS,
  BEHIND_SECONDS,
  bufferedAhead,
  chooseMediaPath,
  evictionRanges,
  STREAMING_THRESHOLD_BYTES,
  wantsMoreData,
  type MediaFacts,
} from '../../../webview/tunnel/mediaPolicy';

const BIG = 20_000_000;
const facts = (over: Partial<MediaFacts>): MediaFacts => ({
  total: BIG,
  ranged: true,
  container: 'mp4',
  rawMime: undefined,
  hasMediaElement: true,
  mediaSourceAvailable: true,
  isTypeSupported: () => true,
  ...over,
});

describe('tunnel shim: media streaming decisions', () => {
  it('streams large MP4 (remuxed) and large WebM/MP3/AAC (as they are)', () => {
    assert.deepEqual(chooseMediaPath(facts({})), { kind: 'mp4' });
    assert.deepEqual(chooseMediaPath(facts({ container: 'mp3', rawMime: 'audio/mpeg' })), { kind: 'raw', mime: 'audio/mpeg' });
    assert.deepEqual(chooseMediaPath(facts({ container: 'webm', rawMime: 'video/webm; codecs="vp9,opus"' })), { kind: 'raw', mime: 'video/webm; codecs="vp9,opus"' });
  });

  it('keeps small files, images and unknown sizes on the whole blob, without a warning', () => {
    assert.deepEqual(chooseMediaPath(facts({ total: STREAMING_THRESHOLD_BYTES - 1 })), { kind: 'blob' });
    assert.deepEqual(chooseMediaPath(facts({ total: STREAMING_THRESHOLD_BYTES })), { kind: 'mp4' });
    assert.deepEqual(chooseMediaPath(facts({ hasMediaElement: false })), { kind: 'blob' });
    assert.deepEqual(chooseMediaPath(facts({ total: undefined })), { kind: 'blob' });
  });

  it('keeps a large file it cannot stream on the blob, and says why in one line', () => {
    const wav = chooseMediaPath(facts({ total: 20_021_444, container: 'wav' }));
    assert.equal(wav.kind, 'blob');
    assert.equal(wav.kind === 'blob' && wav.warning, '20.0 MB of WAV, loaded whole: streaming covers MP4, WebM (VP8/VP9, Vorbis/Opus), MP3 and AAC; use one of those for large media');
    const av1 = chooseMediaPath(facts({ container: 'webm', rawMime: undefined }));
    assert.match(av1.kind === 'blob' ? av1.warning ?? '' : '', /^20\.0 MB of WEBM, loaded whole/);
    const refused = chooseMediaPath(facts({ container: 'mp3', rawMime: 'audio/mpeg', isTypeSupported: () => false }));
    assert.match(refused.kind === 'blob' ? refused.warning ?? '' : '', /^20\.0 MB of audio\/mpeg, loaded whole/);
    const unranged = chooseMediaPath(facts({ ranged: false }));
    assert.match(unranged.kind === 'blob' ? unranged.warning ?? '' : '', /the server ignored the Range request/);
    const noMse = chooseMediaPath(facts({ mediaSourceAvailable: false }));
    assert.match(noMse.kind === 'blob' ? noMse.warning ?? '' : '', /no MediaSource/);
  });

  it('fetches while less than the look-ahead is buffered ahead of the playhead, without a gap', () => {
    assert.equal(bufferedAhead([[0, 40]], 5), 35);
    assert.equal(bufferedAhead([[0, 10], [12, 60]], 5), 5, 'the gap at 10 s stops the reach');
    assert.equal(bufferedAhead([[0.1, 8]], 0), 8, 'a start a frame after the playhead counts');
    assert.equal(bufferedAhead([[20, 40]], 5), 0, 'the playhead after a seek into nothing');
    assert.equal(wantsMoreData([[0, 34]], 3), AHEAD_SECONDS > 31);
    assert.equal(wantsMoreData([[0, 34]], 3, 5), false);
    assert.equal(wantsMoreData([], 0), true);
  });

  it('drops what is well behind the playhead, in pieces, and leftovers far ahead', () => {
    assert.deepEqual(evictionRanges([[0, 40]], 15), [], `only ${15 - BEHIND_SECONDS} s behind the kept part`);
    assert.deepEqual(evictionRanges([[0, 60]], 25), [[0, 25 - BEHIND_SECONDS]]);
    assert.deepEqual(evictionRanges([[0, 30], [100, 130]], 110), [[0, 100]], 'across the gap, up to what is kept');
    assert.deepEqual(evictionRanges([[0, 34], [150, 180]], 5), [[150, 180]], 'left over from before a seek back');
    assert.deepEqual(evictionRanges([], 10), []);
  });

  it('drops everything behind the playhead but its last second when the quota is full', () => {
    assert.deepEqual(evictionRanges([[0, 40]], 15, true), [[0, 14]]);
    assert.deepEqual(evictionRanges([[0, 40]], 0.5, true), [], 'nothing behind to drop: wait for the playhead');
  });
});
