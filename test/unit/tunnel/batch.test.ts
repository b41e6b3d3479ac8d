// Host → webview batching (src/tunnel/batch.ts) and the shim's unpacking of what one postMessage
// carries (unpackHostTunnelPost in src/protocol/tunnel.ts).
import { strict as assert } from 'node:assert';
import { batchPerTurn, type TurnScheduler } from '../../../src/tunnel/batch';
import { MAX_BATCH, unpackHostTunnelPost, type HostTunnelMessage } from '../../../src/protocol/tunnel';

/** A scheduler whose turns end when the test says so. */
function manualTurns(): TurnScheduler & { endTurn(): void; pending: number } {
  let queued: Array<() => void> = [];
  return {
    schedule(callback) {
      queued.push(callback);
      return callback;
    },
    cancel(handle) {
      queued = queued.filter((c) => c !== handle);
    },
    endTurn() {
      const now = queued;
      queued = [];
      for (const callback of now) callback();
    },
    get pending() {
      return queued.length;
    },
  };
}

const frame = (id: number, n: number): HostTunnelMessage => ({ type: 'tunnel/ws-message', id, data: new Uint8Array([n]) });

describe('tunnel: host → webview batching', () => {
  it('sends the messages of one turn as one batch, in order, and a lone message bare', () => {
    const turns = manualTurns();
    const sent: unknown[] = [];
    const outbox = batchPerTurn((m) => sent.push(m), turns);
    for (let n = 0; n < 4; n++) outbox.post(frame(1, n));
    assert.equal(sent.length, 0, 'nothing before the turn ends');
    assert.equal(turns.pending, 1, 'one flush scheduled for the turn');
    turns.endTurn();
    assert.deepEqual(sent, [{ type: 'tunnel/batch', messages: [frame(1, 0), frame(1, 1), frame(1, 2), frame(1, 3)] }]);
    outbox.post({ type: 'tunnel/http-end', id: 7 });
    turns.endTurn();
    assert.deepEqual(sent[1], { type: 'tunnel/http-end', id: 7 });
  });

  it(`splits a turn of more than ${MAX_BATCH} messages`, () => {
    const turns = manualTurns();
    const sent: Array<{ type: string; messages?: unknown[] }> = [];
    const outbox = batchPerTurn((m) => sent.push(m as { type: string }), turns);
    for (let n = 0; n < MAX_BATCH + 1; n++) outbox.post(frame(2, n % 256));
    turns.endTurn();
    assert.equal(sent.length, 2);
    assert.equal(sent[0]?.messages?.length, MAX_BATCH);
    assert.deepEqual(sent[1], frame(2, MAX_BATCH % 256));
  });

  it('drops what is queued on dispose and sends nothing afterwards', () => {
    const turns = manualTurns();
    const sent: unknown[] = [];
    const outbox = batchPerTurn((m) => sent.push(m), turns);
    outbox.post(frame(3, 1));
    outbox.dispose();
    outbox.post(frame(3, 2));
    turns.endTurn();
    assert.deepEqual(sent, []);
    assert.equal(turns.pending, 0);
  });

  it('flushes on the real event loop (setImmediate) without a test scheduler', async () => {
    const sent: unknown[] = [];
    const outbox = batchPerTurn((m) => sent.push(m));
    outbox.post(frame(4, 1));
    outbox.post(frame(4, 2));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(sent.length, 1);
  });
});

describe('tunnel: unpacking a host post in the shim', () => {
  it('unpacks a bare message and a batch, validating each message on its own', () => {
    const bare = unpackHostTunnelPost(frame(1, 1));
    assert.equal(bare.length, 1);
    assert.ok(bare[0]?.ok);
    const mixed = unpackHostTunnelPost({ type: 'tunnel/batch', messages: [frame(1, 1), { type: 'tunnel/ws-message', id: -1, data: 'x' }, { type: 'tunnel/http-end', id: 2 }] });
    assert.deepEqual(mixed.map((p) => p.ok), [true, false, true]);
    const good = mixed[2];
    assert.ok(good?.ok === true && good.message.type === 'tunnel/http-end' && good.message.id === 2);
  });

  it('rejects empty, oversized and nested batches', () => {
    for (const bad of [
      { type: 'tunnel/batch', messages: [] },
      { type: 'tunnel/batch', messages: 'no' },
      { type: 'tunnel/batch', messages: Array.from({ length: MAX_BATCH + 1 }, () => frame(1, 1)) },
    ]) {
      const parsed = unpackHostTunnelPost(bad);
      assert.equal(parsed.length, 1);
      assert.equal(parsed[0]?.ok, false);
    }
    const nested = unpackHostTunnelPost({ type: 'tunnel/batch', messages: [{ type: 'tunnel/batch', messages: [frame(1, 1)] }] });
    assert.equal(nested[0]?.ok, false);
    assert.match(nested[0]?.ok === false ? nested[0].error.message : '', /nested batch/);
  });
});
