// Messages between the extension host and the workspace-lint worker process (both ends import this).
import type { Diagnostic } from '../analyzer/types';

/** One workspace folder to lint: every `.py` file below it that no exclude pattern matches. */
export interface LintFolder {
  path: string;
  /** Globs relative to the folder (files.exclude and search.exclude); a matched folder is pruned. */
  exclude: string[];
  /** Globs with a `when` clause: a matched file is excluded only when that sibling exists. */
  excludeWhen: SiblingExclude[];
}

/** An entry like `"*.py": { "when": "$(basename).pyx" }` of files.exclude or search.exclude. */
export interface SiblingExclude {
  glob: string;
  /** The sibling's name; `$(basename)` stands for the file's name without its extension. */
  when: string;
}

/**
 * Host → worker, once: find the Python files and analyze them. The worker walks the folders
 * itself, so neither the file list nor the files' text ever crosses into the extension host.
 */
export interface LintTreeRequest {
  kind: 'lintTree';
  folders: LintFolder[];
  /** Files larger than this are skipped without being read. */
  maxBytes: number;
}

/** The outcome for one file; diagnostics come without their `fix` (the live linter has those). */
export type LintResponse =
  | { kind: 'result'; path: string; diagnostics: Diagnostic[] }
  | { kind: 'skipped'; path: string; reason: 'tooLarge'; bytes: number }
  | { kind: 'failed'; path: string; message: string };

/** Worker → host: the walk is over; `files` will be answered. */
export interface WorkerFound {
  kind: 'found';
  files: number;
}

/** Worker → host: the outcomes of the files analyzed since the previous batch. */
export interface WorkerBatch {
  kind: 'batch';
  responses: LintResponse[];
}

/** Worker → host: every file is answered. */
export interface WorkerDone {
  kind: 'done';
}

/** Worker → host, once, if the analyzer could not be loaded or the walk failed; nothing follows. */
export interface WorkerFatal {
  kind: 'fatal';
  message: string;
}

export type WorkerMessage = WorkerFound | WorkerBatch | WorkerDone | WorkerFatal;
