// Lints many files through a worker, a few requests in flight, stopping on cancel (pure orchestration).
import type { LintResponse } from './lintWorkerProtocol';

/** Sends one file to the worker; resolves with the worker's answer. */
export interface LintClient {
  lint(path: string, maxBytes: number): Promise<LintResponse>;
}

export interface WorkspaceLintSummary {
  files: number;
  analyzed: number;
  skipped: number;
  failed: number;
  diagnostics: number;
  cancelled: boolean;
  /** The longest time one response's handling held the event loop (publishing included). */
  longestSliceMs: number;
  /** The same slice's CPU time (whole process): unlike wall time, not inflated by a busy machine. */
  longestSliceCpuMs: number;
}

export interface WorkspaceLintOptions {
  maxBytes: number;
  isCancelled: () => boolean;
  onResponse: (response: LintResponse) => void;
  /** Requests in flight, so the worker never waits for the host between files. */
  concurrency?: number;
}

export async function lintFiles(paths: readonly string[], client: LintClient, options: WorkspaceLintOptions): Promise<WorkspaceLintSummary> {
  const summary: WorkspaceLintSummary = { files: paths.length, analyzed: 0, skipped: 0, failed: 0, diagnostics: 0, cancelled: false, longestSliceMs: 0, longestSliceCpuMs: 0 };
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < paths.length && !options.isCancelled()) {
      const path = paths[next++] as string;
      const response = await client.lint(path, options.maxBytes);
      if (response.kind === 'result') {
        summary.analyzed++;
        summary.diagnostics += response.diagnostics.length;
      } else if (response.kind === 'skipped') summary.skipped++;
      else summary.failed++;
      const started = performance.now();
      const cpu = process.cpuUsage();
      options.onResponse(response);
      const used = process.cpuUsage(cpu);
      summary.longestSliceMs = Math.max(summary.longestSliceMs, performance.now() - started);
      summary.longestSliceCpuMs = Math.max(summary.longestSliceCpuMs, (used.user + used.system) / 1000);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, lane));
  summary.cancelled = options.isCancelled();
  return summary;
}

/**
 * One glob for `findFiles` from `files.exclude` and `search.exclude` (an explicit exclude
 * replaces the files.exclude default, so both are merged). Patterns with a `when` clause
 * depend on sibling files, which a glob cannot express; they are left out.
 */
export function excludeGlob(...settings: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>): string | undefined {
  const patterns = new Set<string>();
  for (const setting of settings) {
    for (const [pattern, value] of Object.entries(setting ?? {})) {
      if (value === true) patterns.add(pattern);
    }
  }
  if (patterns.size === 0) return undefined;
  const list = [...patterns].sort();
  return list.length === 1 ? list[0] : `{${list.join(',')}}`;
}
