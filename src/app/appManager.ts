// Keeps one AppInstance per app file, so several apps run at once and a second Run App on the
// same file finds the running one. Stops them all on dispose. No `vscode` import.

import { resolve } from 'node:path';
import { Emitter } from '../core/emitter';
import { AppInstance, type AppDeps, type AppLaunch, type AppSnapshot } from './appInstance';

/** An app's snapshot changed; `instance` is the live object. */
export interface AppChange {
  instance: AppInstance;
  snapshot: AppSnapshot;
}

export class AppManager {
  private readonly apps = new Map<string, AppInstance>();
  private readonly changeEmitter = new Emitter<AppChange>();
  private readonly addedEmitter = new Emitter<AppInstance>();
  /** Any app changed state. */
  readonly onDidChange = this.changeEmitter.event;
  /** An app file got its instance (first run). */
  readonly onDidAdd = this.addedEmitter.event;
  private disposed = false;

  constructor(private readonly deps: AppDeps) {}

  /** The instance of an app file, whether it is running or not. */
  get(app: string): AppInstance | undefined {
    return this.apps.get(key(app));
  }

  all(): AppInstance[] {
    return [...this.apps.values()];
  }

  /** Instances whose runtime is starting or serving. */
  running(): AppInstance[] {
    return this.all().filter((a) => a.state === 'starting' || a.state === 'running' || a.state === 'rerunning');
  }

  /**
   * Runs an app: an instance that is already up is returned as is (`started: false`); a
   * stopped or failed one starts again with the new launch settings.
   */
  run(launch: AppLaunch): { instance: AppInstance; started: boolean } {
    if (this.disposed) throw new Error('the app manager is disposed');
    const existing = this.apps.get(key(launch.app));
    if (existing !== undefined && existing.state !== 'stopped' && existing.state !== 'error') {
      return { instance: existing, started: false };
    }
    if (existing !== undefined) {
      existing.start(launch);
      return { instance: existing, started: true };
    }
    const instance = new AppInstance(launch, this.deps);
    this.apps.set(key(launch.app), instance);
    instance.onDidChange((snapshot) => this.changeEmitter.fire({ instance, snapshot }));
    this.addedEmitter.fire(instance);
    instance.start();
    return { instance, started: true };
  }

  /** Stops every app and waits until each runtime has exited. */
  async stopAll(): Promise<void> {
    await Promise.all(this.all().map((a) => a.stop()));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const app of this.apps.values()) app.dispose();
    this.apps.clear();
    this.changeEmitter.dispose();
    this.addedEmitter.dispose();
  }
}

function key(app: string): string {
  return resolve(app);
}
