// Extension entry point: wiring only; each feature registers itself on the context.
import { performance } from 'node:perf_hooks';
import type * as vscode from 'vscode';
import { registerRunApp } from './app/register';
import type { StaticDiagnostics } from './diagnostics/provider';
import { registerDiagnostics } from './diagnostics/register';
import { ThreadlitContext } from './vscode/context';

/** Set by the bundle's banner (scripts/build.mjs) before any module code runs. */
declare const __threadlitBundleStart: number | undefined;
declare const __threadlitBundleCpu: NodeJS.CpuUsage | undefined;
const bundleStartedAt = typeof __threadlitBundleStart === 'number' ? __threadlitBundleStart : Number.NaN;
const bundleStartedCpu = typeof __threadlitBundleCpu === 'object' ? __threadlitBundleCpu : undefined;
/** When this bundle finished evaluating; the activation test compares it with its own clock. */
const bundleEvaluatedAt = performance.now();
const bundleCpu = bundleStartedCpu ? process.cpuUsage(bundleStartedCpu) : undefined;

/** What `activate()` returns: timings for the activation test (the ext host shares one clock). */
export interface ThreadlitApi {
  readonly activation: {
    bundleStartedAt: number;
    bundleEvaluatedAt: number;
    activateStartedAt: number;
    activateEndedAt: number;
    /** CPU time (ms, whole process) of evaluating the bundle plus running activate(). */
    cpuMs: number;
  };
  /** Durations (ms) of the latest static-diagnostics runs, from the debounce firing to publishing. */
  readonly recentLintRunMs: () => readonly number[];
}

let current: ThreadlitContext | undefined;

export function activate(extension: vscode.ExtensionContext): ThreadlitApi {
  const activateStartedAt = performance.now();
  const activateCpuStart = process.cpuUsage();
  const ctx = new ThreadlitContext(extension);
  current = ctx;
  let diagnostics: StaticDiagnostics;
  extension.subscriptions.push(ctx);
  try {
    diagnostics = registerDiagnostics(ctx);
    // Run App; its runtime diagnostics (the monitor's events) get a collection of their own
    // (`threadlit runtime`), independent of the static one.
    registerRunApp(ctx);
  } catch (err) {
    ctx.showError('activation failed', err);
    throw err;
  }
  const activateEndedAt = performance.now();
  const activateCpu = process.cpuUsage(activateCpuStart);
  const cpuMs = bundleCpu ? (bundleCpu.user + bundleCpu.system + activateCpu.user + activateCpu.system) / 1000 : Number.NaN;
  ctx.log.info(`activated in ${(activateEndedAt - activateStartedAt).toFixed(1)} ms`);
  return {
    activation: { bundleStartedAt, bundleEvaluatedAt, activateStartedAt, activateEndedAt, cpuMs },
    recentLintRunMs: () => [...diagnostics.recentRunMs],
  };
}

export function deactivate(): void {
  current?.dispose();
  current = undefined;
}
