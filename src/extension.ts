// Extension entry point: wiring only; each feature registers itself on the context.
import { performance } from 'node:perf_hooks';
import type * as vscode from 'vscode';
import { registerDiagnostics } from './diagnostics/register';
import { ThreadlitContext } from './vscode/context';

/** Set by the bundle's banner (scripts/build.mjs) before any module code runs. */
declare const __threadlitBundleStart: number | undefined;
declare const __threadlitBundleCpu: NodeJS.CpuUsage | undefined;
const bundleStartedAt = typeof __threadlitBundleStart === 'number' ? __threadlitBundleStart : Number.NaN;
const bundleStartedCpu = typeof __threadlitBundleCpu === 'object' ? __threadlitBundleCpu : undefined;
/** When this bundle finished evaluating; the activation test compares it with its own clock. */
const bundleEvaluatedAt = performance.now();

/** What `activate()` returns: timings for the activation test (the ext host shares one clock). */
export interface ThreadlitApi {
  readonly activation: {
    bundleStartedAt: number;
    bundleEvaluatedAt: number;
    activateStartedAt: number;
    activateEndedAt: number;
    /** CPU time (ms, whole process) from the bundle's first statement to the end of activate(). */
    cpuMs: number;
  };
}

let current: ThreadlitContext | undefined;

export function activate(extension: vscode.ExtensionContext): ThreadlitApi {
  const activateStartedAt = performance.now();
  const ctx = new ThreadlitContext(extension);
  current = ctx;
  extension.subscriptions.push(ctx);
  try {
    registerDiagnostics(ctx);
    // Runtime diagnostics (the monitor's events, collection `threadlit runtime`) register here
    // with the Run App feature; they share nothing with the static collection.
  } catch (err) {
    ctx.showError('activation failed', err);
    throw err;
  }
  const activateEndedAt = performance.now();
  const cpu = bundleStartedCpu ? process.cpuUsage(bundleStartedCpu) : undefined;
  const cpuMs = cpu ? (cpu.user + cpu.system) / 1000 : Number.NaN;
  ctx.log.info(`activated in ${(activateEndedAt - activateStartedAt).toFixed(1)} ms`);
  return { activation: { bundleStartedAt, bundleEvaluatedAt, activateStartedAt, activateEndedAt, cpuMs } };
}

export function deactivate(): void {
  current?.dispose();
  current = undefined;
}
