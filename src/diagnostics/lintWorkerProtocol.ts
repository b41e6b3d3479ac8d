// Messages between the extension host and the workspace-lint worker process (both ends import this).
import type { Diagnostic } from '../analyzer/types';

/** Host → worker: analyze one file from disk (the worker reads it, so big files never cross processes). */
export interface LintRequest {
  kind: 'lint';
  id: number;
  path: string;
  /** Files larger than this are skipped without being read. */
  maxBytes: number;
}

/** Worker → host: the outcome for one request. */
export type LintResponse =
  | { kind: 'result'; id: number; path: string; diagnostics: Diagnostic[] }
  | { kind: 'skipped'; id: number; path: string; reason: 'tooLarge'; bytes: number }
  | { kind: 'failed'; id: number; path: string; message: string };

/** Worker → host, once, if the analyzer could not be loaded; every request fails after it. */
export interface WorkerFatal {
  kind: 'fatal';
  message: string;
}

export type WorkerMessage = LintResponse | WorkerFatal;
