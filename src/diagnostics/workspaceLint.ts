// Lints a workspace through a worker and tallies the outcome (pure orchestration).
import type { LintResponse, LintTreeRequest, SiblingExclude, WorkerBatch, WorkerFound } from './lintWorkerProtocol';
import { errorMessage } from '../core/errorMessage';

/** Finds and analyzes the files of a request, reporting as it goes. */
export interface LintTreeClient {
  /** Resolves when every file is answered; rejects when the worker failed or was stopped. */
  lintTree(request: LintTreeRequest, onMessage: (message: WorkerFound | WorkerBatch) => void): Promise<void>;
}

export interface WorkspaceLintSummary {
  files: number;
  analyzed: number;
  skipped: number;
  failed: number;
  diagnostics: number;
  cancelled: boolean;
  /** Why the worker stopped before answering every file, unless cancelled. */
  error?: string;
  /** The longest time one batch's handling held the event loop (publishing included). */
  longestSliceMs: number;
  /** The same slice's CPU time (whole process): unlike wall time, not inflated by a busy machine. */
  longestSliceCpuMs: number;
}

export interface WorkspaceLintOptions {
  isCancelled: () => boolean;
  onFound?: (files: number) => void;
  /** One batch of outcomes; handled in one slice of the event loop, so keep it short. */
  onBatch: (responses: readonly LintResponse[]) => void;
}

/**
 * At most this many outcomes are handed to `onBatch` in one slice of the event loop. The
 * worker's batches are smaller; the cap matters when several arrive together (the IPC channel
 * delivers everything it read in one go, e.g. after a GC pause).
 */
export const SLICE_RESPONSES = 32;

export async function lintWorkspace(client: LintTreeClient, request: LintTreeRequest, options: WorkspaceLintOptions): Promise<WorkspaceLintSummary> {
  const summary: WorkspaceLintSummary = { files: 0, analyzed: 0, skipped: 0, failed: 0, diagnostics: 0, cancelled: false, longestSliceMs: 0, longestSliceCpuMs: 0 };
  // Batches wait here and are handled one slice per turn of the event loop: handling every
  // batch of a burst in the same turn would add their times up into one long block.
  const queue: (readonly LintResponse[])[] = [];
  let draining: Promise<void> | undefined;
  const handle = (responses: readonly LintResponse[]): void => {
    for (const response of responses) {
      if (response.kind === 'result') {
        summary.analyzed++;
        summary.diagnostics += response.diagnostics.length;
      } else if (response.kind === 'skipped') summary.skipped++;
      else summary.failed++;
    }
    const started = performance.now();
    const cpu = process.cpuUsage();
    options.onBatch(responses);
    const used = process.cpuUsage(cpu);
    summary.longestSliceMs = Math.max(summary.longestSliceMs, performance.now() - started);
    summary.longestSliceCpuMs = Math.max(summary.longestSliceCpuMs, (used.user + used.system) / 1000);
  };
  const drain = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!options.isCancelled()) handle(next);
    }
    draining = undefined;
  };
  const onMessage = (message: WorkerFound | WorkerBatch): void => {
    if (options.isCancelled()) return;
    if (message.kind === 'found') {
      summary.files = message.files;
      options.onFound?.(message.files);
      return;
    }
    for (let i = 0; i < message.responses.length; i += SLICE_RESPONSES) queue.push(message.responses.slice(i, i + SLICE_RESPONSES));
    draining ??= drain();
  };
  try {
    await client.lintTree(request, onMessage);
  } catch (err) {
    if (!options.isCancelled()) summary.error = errorMessage(err);
  }
  // Every batch received is handled (or dropped, once cancelled) before the summary.
  while (draining !== undefined) await draining;
  summary.cancelled = options.isCancelled();
  return summary;
}

/**
 * The exclude globs of a folder from `files.exclude` and `search.exclude` (findFiles with an
 * explicit exclude applies both, so both are merged): plain ones, and those with a `when`
 * clause, which depend on a sibling file.
 */
export function excludePatterns(...settings: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>): { exclude: string[]; excludeWhen: SiblingExclude[] } {
  const patterns = new Set<string>();
  const conditional = new Map<string, SiblingExclude>();
  for (const setting of settings) {
    for (const [glob, value] of Object.entries(setting ?? {})) {
      if (value === true) patterns.add(glob);
      else if (isWhenClause(value)) conditional.set(`${glob}\0${value.when}`, { glob, when: value.when });
    }
  }
  return { exclude: [...patterns].sort(), excludeWhen: [...conditional.values()] };
}

function isWhenClause(value: unknown): value is { when: string } {
  return typeof value === 'object' && value !== null && typeof (value as { when?: unknown }).when === 'string';
}
