// Host → webview messages of one event-loop turn go as one postMessage. A rerun's frames come
// from Streamlit in bursts (a click in the benchmark's app: ten frames, most within a
// millisecond), and every postMessage is a hop through VS Code's webview host and, in a remote
// window, the workbench's main thread, which also renders the app (docs/tunnel.md, "Where the
// time goes"). Order is kept; a turn with one message sends it bare.

import { MAX_BATCH, type BatchMessage, type HostTunnelMessage } from '../protocol/tunnel';

export interface TurnScheduler {
  schedule(callback: () => void): unknown;
  cancel(handle: unknown): void;
}

const nextTurn: TurnScheduler = {
  // setImmediate: after the I/O callbacks of this turn, so the frames of one socket read go together.
  schedule: (callback) => setImmediate(callback),
  cancel: (handle) => clearImmediate(handle as NodeJS.Immediate),
};

export interface Batcher {
  post(message: HostTunnelMessage): void;
  /** Drops what is queued; nothing is sent afterwards. */
  dispose(): void;
}

export function batchPerTurn(send: (message: HostTunnelMessage | BatchMessage) => void, scheduler: TurnScheduler = nextTurn): Batcher {
  let queue: HostTunnelMessage[] = [];
  let pending: unknown;
  let disposed = false;
  const flush = (): void => {
    pending = undefined;
    const messages = queue;
    queue = [];
    for (let start = 0; start < messages.length; start += MAX_BATCH) {
      const part = messages.slice(start, start + MAX_BATCH);
      send(part.length === 1 ? (part[0] as HostTunnelMessage) : { type: 'tunnel/batch', messages: part });
    }
  };
  return {
    post(message) {
      if (disposed) return;
      queue.push(message);
      if (pending === undefined) pending = scheduler.schedule(flush);
    },
    dispose() {
      disposed = true;
      queue = [];
      if (pending !== undefined) scheduler.cancel(pending);
      pending = undefined;
    },
  };
}
