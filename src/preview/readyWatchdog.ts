// Notices a preview webview that never says `ready`. VS Code's webview host (pre/index.html)
// builds our document only after its own service worker controls it; when that handshake hangs
// (the host keeps "waiting for controllerchange"), the panel stays blank for good and setting
// the HTML again does not help, because the host queues every document behind the same promise.
// The watchdog only measures time while the panel is visible: a hidden webview is not loaded yet.
// Pure (timers are injected), so it is unit-tested without VS Code.

export interface WatchdogTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const nodeTimers: WatchdogTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class ReadyWatchdog {
  private expecting = false;
  private visible: boolean;
  private timer: unknown;

  constructor(
    private readonly deadlineMs: number,
    private readonly onTimeout: () => void,
    visible: boolean,
    private readonly timers: WatchdogTimers = nodeTimers,
  ) {
    this.visible = visible;
  }

  /** New HTML was set: a `ready` from the new document is due. */
  expectReady(): void {
    this.expecting = true;
    this.restart();
  }

  /** The document said `ready`. */
  ready(): void {
    this.expecting = false;
    this.stop();
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    this.restart();
  }

  dispose(): void {
    this.expecting = false;
    this.stop();
  }

  private restart(): void {
    this.stop();
    if (!this.expecting || !this.visible) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.expecting = false;
      this.onTimeout();
    }, this.deadlineMs);
  }

  private stop(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
