// Per-document debouncing and supersession of lint runs (pure; the timer is injected for tests).

/** The part of the timer API the scheduler needs; tests pass a fake clock. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Hands out a generation number per key for every run; only the newest run of a key may publish.
 * A run that finishes after a newer one started (or after the key was dropped) is superseded.
 */
export class Generations<K> {
  private readonly latest = new Map<K, number>();
  private counter = 0;

  /** Starts a run for `key` and returns its generation; earlier runs of `key` become stale. */
  next(key: K): number {
    const generation = ++this.counter;
    this.latest.set(key, generation);
    return generation;
  }

  isCurrent(key: K, generation: number): boolean {
    return this.latest.get(key) === generation;
  }

  /** Makes every run of `key` stale (e.g. the document was closed). */
  drop(key: K): void {
    this.latest.delete(key);
  }
}

/**
 * Debounces work per key: `schedule(key, ms)` (re)starts the key's timer; `flush(key)` runs it now.
 * The callback runs at most once per burst, with the key.
 */
export class Debouncer<K> {
  private readonly pending = new Map<K, unknown>();

  constructor(
    private readonly run: (key: K) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  schedule(key: K, delayMs: number): void {
    this.cancel(key);
    const handle = this.timers.setTimeout(() => {
      this.pending.delete(key);
      this.run(key);
    }, delayMs);
    this.pending.set(key, handle);
  }

  /** Runs a pending key now; returns false when nothing was pending. */
  flush(key: K): boolean {
    if (!this.pending.has(key)) return false;
    this.cancel(key);
    this.run(key);
    return true;
  }

  isPending(key: K): boolean {
    return this.pending.has(key);
  }

  cancel(key: K): void {
    const handle = this.pending.get(key);
    if (handle === undefined) return;
    this.timers.clearTimeout(handle);
    this.pending.delete(key);
  }

  cancelAll(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}
