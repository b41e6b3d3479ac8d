// Threadlit: Lint Workspace — every Python file, excludes honoured, and the extension host's
// event loop never blocked for more than 50 ms (finding and analyzing the files run in a worker process).
import * as assert from 'node:assert/strict';
import { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { WorkspaceLintSummary } from '../../../src/diagnostics/workspaceLint';
import type { GeneratedWorkspace } from '../harness/generate';
import { setSetting, summarize, threadlitDiagnostics, workspaceUri } from './helpers';
import { machineLoad } from './timing';

/** A full GC now: `--expose-gc` set at run time makes `gc` reachable from a new context. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** The host thread's time on a CPU and waiting for one, in ms (Linux schedstat; zeros elsewhere). */
function schedstat(): { run: number; wait: number } {
  try {
    const [run = 0, wait = 0] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
    return { run: run / 1e6, wait: wait / 1e6 };
  } catch {
    return { run: 0, wait: 0 };
  }
}

/**
 * Records every gap of more than `thresholdMs` between 1 ms timer ticks, split into time the
 * thread ran (our code, GC, VS Code's) and time it waited for a CPU (other processes): a
 * failed budget then says whether the host worked or was merely not scheduled.
 */
function recordStalls(thresholdMs: number): () => { at: number; ms: number; run: number; wait: number }[] {
  const stalls: { at: number; ms: number; run: number; wait: number }[] = [];
  const start = performance.now();
  let last = performance.now();
  let lastSched = schedstat();
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    const now = performance.now();
    const sched = schedstat();
    if (now - last > thresholdMs) stalls.push({ at: last - start, ms: now - last, run: sched.run - lastSched.run, wait: sched.wait - lastSched.wait });
    last = now;
    lastSched = sched;
    timer = setTimeout(tick, 1);
  };
  timer = setTimeout(tick, 1);
  return () => {
    clearTimeout(timer);
    return stalls.sort((a, b) => b.ms - a.ms);
  };
}

/**
 * Times every child process the host starts while it runs (ours and VS Code's): `spawn` does
 * not return before the child has started, and the host's thread sleeps meanwhile.
 */
function recordSpawns(): () => { at: number; ms: number; file: string }[] {
  const spawns: { at: number; ms: number; file: string }[] = [];
  const proto = ChildProcess.prototype as unknown as { spawn: (this: ChildProcess, options: { file?: string }) => unknown };
  const original = proto.spawn;
  const start = performance.now();
  proto.spawn = function (this: ChildProcess, options: { file?: string }) {
    const t = performance.now();
    try {
      return original.call(this, options);
    } finally {
      spawns.push({ at: t - start, ms: performance.now() - t, file: String(options?.file ?? '?') });
    }
  };
  return () => {
    proto.spawn = original;
    return spawns;
  };
}

/** THREADLIT_IT_PROFILE=file.cpuprofile: a CPU profile of the extension host during the lint. */
async function startProfile(path: string | undefined): Promise<() => Promise<void>> {
  if (!path) return async () => {};
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(path, JSON.stringify(profile));
    session.disconnect();
  };
}

describe('lint workspace', () => {
  after(async () => {
    await setSetting('threadlit', 'lint.maxFileSizeKb', undefined);
  });

  it('lints the generated workspace without blocking the event loop, honouring excludes', async function () {
    this.timeout(240_000);
    const generated = JSON.parse(process.env.THREADLIT_IT_GENERATED ?? 'null') as GeneratedWorkspace | null;
    assert.ok(generated, 'the runner generated a workspace');
    // The two 5 MB files must really be analyzed, not skipped by the default 1 MiB limit.
    await setSetting('threadlit', 'lint.maxFileSizeKb', 8192);

    // The same measurement over an idle second first: on a busy machine the scheduler alone
    // delays the loop, and the figure tells such noise apart from blocking by the lint.
    // Sampled before the lint, whose own worker adds to the load average.
    // Earlier tests in this extension host leave garbage behind; collecting it now keeps a
    // major GC that it alone would cause out of the measured window (the lint's own garbage
    // is still collected inside it).
    collectGarbage();
    const load = machineLoad();
    const idle = monitorEventLoopDelay({ resolution: 10 });
    idle.enable();
    await new Promise<void>((resolve) => setTimeout(resolve, 1000));
    idle.disable();
    const idleMaxMs = idle.max / 1e6;
    const stopProfile = await startProfile(process.env.THREADLIT_IT_PROFILE);
    const stopStalls = recordStalls(20);
    const stopSpawns = recordSpawns();
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const started = Date.now();
    // Garbage collection pauses the loop too; the longest one tells it apart from our own work.
    let longestGcMs = 0;
    let totalGcMs = 0;
    const gc = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        longestGcMs = Math.max(longestGcMs, entry.duration);
        totalGcMs += entry.duration;
      }
    });
    gc.observe({ entryTypes: ['gc'] });
    const summary = await vscode.commands.executeCommand<WorkspaceLintSummary>('threadlit.lintWorkspace');
    const seconds = (Date.now() - started) / 1000;
    histogram.disable();
    gc.disconnect();
    const stalls = stopStalls();
    const spawns = stopSpawns();
    await stopProfile();
    const maxMs = histogram.max / 1e6;
    const longest = stalls
      .slice(0, 3)
      .map((s) => `${s.ms.toFixed(0)} ms at ${(s.at / 1000).toFixed(2)} s (ran ${s.run.toFixed(0)}, waited for a CPU ${s.wait.toFixed(0)})`)
      .join(', ');
    const figures =
      `event loop delay max ${maxMs.toFixed(1)} ms, p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms (budget 50 ms; idle baseline max ${idleMaxMs.toFixed(1)} ms; ` +
      `longest GC pause ${longestGcMs.toFixed(1)} ms, ${totalGcMs.toFixed(0)} ms in all); longest gaps ${longest || 'none over 20 ms'}; ` +
      `child processes started: ${spawns.map((c) => `${c.file.split('/').pop()} at ${(c.at / 1000).toFixed(2)} s took ${c.ms.toFixed(0)} ms`).join(', ') || 'none'}`;
    console.log(
      `[threadlit] lint workspace: ${summary?.files} files (${generated.files} generated, 2 of 5 MB) in ${seconds.toFixed(1)} s; ${figures}; ` +
        `longest synchronous slice of the command ${summary?.longestSliceMs?.toFixed(1)} ms (${summary?.longestSliceCpuMs?.toFixed(1)} ms CPU); ${load.text}`,
    );

    assert.ok(summary, 'the command returns its summary');
    assert.equal(summary.cancelled, false);
    assert.equal(summary.failed, 0);
    assert.equal(summary.skipped, 0);
    assert.ok(summary.files >= generated.files, `${summary.files} files found`);
    assert.ok(summary.diagnostics >= generated.broken, `${summary.diagnostics} findings for ${generated.broken} broken files`);

    // A file nobody opened gets its findings; excluded folders get none.
    assert.deepEqual([...new Set(summarize(threadlitDiagnostics(workspaceUri('pkg', 'nested_broken.py'))))], ['TL002@9']);
    assert.deepEqual(summarize(threadlitDiagnostics(workspaceUri('generated', 'big', 'big_0.py'))).length, 1);
    assert.deepEqual(threadlitDiagnostics(workspaceUri('excluded_by_files', 'broken.py')), []);
    assert.deepEqual(threadlitDiagnostics(workspaceUri('excluded_by_search', 'broken.py')), []);

    // Our own work on the host's loop (answer handling and publishing) stays in short slices.
    assert.ok(summary.longestSliceCpuMs <= 50, `one slice of the lint used ${summary.longestSliceCpuMs.toFixed(1)} ms of CPU`);
    // The whole host, at any load: no gap in which its thread actually ran for more than 50 ms
    // (whatever ran: our code, VS Code's, GC). Waiting for a CPU is the machine's doing.
    const longestRun = Math.max(0, ...stalls.map((s) => s.run));
    assert.ok(longestRun <= 50, `the extension host's thread ran ${longestRun.toFixed(1)} ms without a turn of its event loop: ${figures}`);
    // Wall-clock budgets hold only when the host gets a CPU when it wants one. The whole host's
    // loop delay (printed above) is not asserted: on this 2-core machine, with chromium and
    // code-server beside the host, it also holds gaps in which the host thread waited for a CPU
    // or slept in VS Code's code (docs/benchmarks.md, "Lint Workspace in the extension host").
    if (load.quiet) {
      assert.ok(summary.longestSliceMs <= 50, `one slice of the lint held the event loop for ${summary.longestSliceMs.toFixed(1)} ms`);
    }
  });
});
