// The preview's ready watchdog: fires once for a visible webview that never says ready, never for
// a hidden one or one that did, and counts only visible time.

import assert from 'node:assert/strict';
import { ReadyWatchdog, type WatchdogTimers } from '../../../src/preview/readyWatchdog';

/** Manual clock: timers fire only when the test advances time. */
class FakeTimers implements WatchdogTimers {
  now = 0;
  private next = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.pending]) {
      if (timer.at <= this.now) {
        this.pending.delete(id);
        timer.callback();
      }
    }
  }
  get count(): number {
    return this.pending.size;
  }
}

function setup(visible: boolean): { timers: FakeTimers; fired: () => number; dog: ReadyWatchdog } {
  const timers = new FakeTimers();
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
    assert.equal(timers.count, 0);
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
    assert.equal(timers.count, 0);
  });
});
