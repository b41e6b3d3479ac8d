// The preview's ready watchdog: fires once for a visible webview that never says ready, never for
// a hidden one or one that did, and counts only visible time.

import assert from 'node:assert/strict';
import { ReadyWatchdog } from '../../../src/preview/readyWatchdog';
import { FakeClock } from '../fakeTimers';

function setup(visible: boolean): { timers: FakeClock; fired: () => number; dog: ReadyWatchdog } {
  const timers = new FakeClock();
  let fired = 0;
  const dog = new ReadyWatchdog(10_000, () => fired++, visible, timers);
  return { timers, fired: () => fired, dog };
}

describe('ReadyWatchdog', () => {
  it('fires once when a visible webview does not say ready by the deadline', () => {
    const { timers, fired, dog } = setup(true);
    dog.expectReady();
    timers.advance(9_999);
    assert.equal(fired(), 0);
    timers.advance(1);
    assert.equal(fired(), 1);
    timers.advance(60_000);
    assert.equal(fired(), 1);
  });

  it('does not fire once the webview said ready', () => {
    const { timers, fired, dog } = setup(true);
    dog.expectReady();
    timers.advance(5_000);
    dog.ready();
    timers.advance(60_000);
    assert.equal(fired(), 0);
    assert.equal(timers.pending, 0);
  });

  it('counts only visible time: a hidden webview is not loaded yet', () => {
    const { timers, fired, dog } = setup(false);
    dog.expectReady();
    timers.advance(60_000);
    assert.equal(fired(), 0);
    dog.setVisible(true);
    timers.advance(9_000);
    dog.setVisible(false);
    timers.advance(60_000);
    assert.equal(fired(), 0);
    dog.setVisible(true);
    timers.advance(10_000);
    assert.equal(fired(), 1);
  });

  it('restarts the deadline for new HTML, and stops on dispose', () => {
    const { timers, fired, dog } = setup(true);
    dog.expectReady();
    timers.advance(8_000);
    dog.expectReady();
    timers.advance(8_000);
    assert.equal(fired(), 0);
    dog.dispose();
    timers.advance(60_000);
    assert.equal(fired(), 0);
    assert.equal(timers.pending, 0);
  });
});
