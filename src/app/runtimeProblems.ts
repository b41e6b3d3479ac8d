// The lifecycle of runtime problems (pure, no `vscode`): which monitor events are still worth
// showing. A rerun of a session retires that session's earlier problems, stopping an app retires
// all of its problems, and editing a file moves its problems with the text or drops the ones
// whose line was touched — a problem must never point at a line that no longer says what ran.

import type { MonitorEvent, RuntimeEvent } from '../protocol/runtime';
import { monitorProblems, type MonitorProblem } from './monitorDiagnostics';

/** One edit of a document, in the lines of the text before the edit (0-based, inclusive). */
export interface LineChange {
  startLine: number;
  endLine: number;
  /** Lines added minus lines removed. */
  lineDelta: number;
}

interface Entry {
  /** The event as last received; its count and outcome grow while the key stays. */
  event: MonitorEvent;
  /** Where the problem is now (0-based), after the edits since the event arrived. */
  line: number;
  /** Its line was edited: kept only so that later count updates of the same event stay hidden. */
  dropped: boolean;
}

/** Tracks the live problems of every app; `problems()` gives what to publish. */
export class RuntimeProblems {
  /** app → event key → entry, in arrival order. */
  private readonly apps = new Map<string, Map<string, Entry>>();
  /**
   * app → keys of events a rerun retired. The runtime flushes count updates a moment after the
   * event itself, so an update can arrive after the next `runStarted`: it must not bring the
   * retired problem back.
   */
  private readonly retired = new Map<string, Set<string>>();
  /**
   * Edits of each file since its text last matched the disk. A run executes the file on disk,
   * so an event that arrives later is still in the disk's lines and must go through these.
   */
  private readonly unsaved = new Map<string, LineChange[][]>();

  /**
   * Applies one runtime event of `app`; true when the published problems may have changed.
   * `runStarted` retires the session's problems received before it; problems without a session
   * cannot be attributed to one, so any rerun of the app retires them.
   */
  onEvent(app: string, event: RuntimeEvent): boolean {
    if (event.type === 'runStarted') {
      const entries = this.apps.get(app);
      if (entries === undefined) return false;
      let changed = false;
      const retired = this.retired.get(app) ?? new Set<string>();
      this.retired.set(app, retired);
      for (const [key, entry] of entries) {
        if (entry.event.session === event.session || entry.event.session === null) {
          entries.delete(key);
          retired.add(key);
          changed = true;
        }
      }
      return changed;
    }
    if (event.type !== 'monitor' || event.site === null) return false;
    let entries = this.apps.get(app);
    if (entries === undefined) {
      entries = new Map();
      this.apps.set(app, entries);
    }
    const key = eventKey(event);
    if (this.retired.get(app)?.has(key) === true) return false;
    const known = entries.get(key);
    // The runtime repeats a deduplicated event with a higher count: its line is where the
    // code was when it ran, so an entry already moved (or dropped) by edits keeps its place.
    if (known !== undefined) {
      known.event = event;
      return !known.dropped;
    }
    const entry: Entry = { event, line: Math.max(0, event.site.line - 1), dropped: false };
    for (const edit of this.unsaved.get(event.site.file) ?? []) move(entry, edit);
    entries.set(key, entry);
    return !entry.dropped;
  }

  /** The document's text matches the file on disk again (saved or reverted). */
  onSaved(file: string): void {
    this.unsaved.delete(file);
  }

  /** The app stopped or starts afresh: none of its problems apply any more. */
  clearApp(app: string): boolean {
    this.retired.delete(app);
    return this.apps.delete(app);
  }

  /**
   * The document at `file` was edited: a problem on a touched line goes, one below a change
   * shifts by its line delta, one above stays. `changes` may come in any order.
   */
  onEdit(file: string, changes: readonly LineChange[]): boolean {
    // Bottom-up, every change's lines are still in the coordinates it was given in.
    const ordered = [...changes].sort((a, b) => b.startLine - a.startLine);
    const edits = this.unsaved.get(file) ?? [];
    edits.push(ordered);
    this.unsaved.set(file, edits);
    let changed = false;
    for (const entries of this.apps.values()) {
      for (const entry of entries.values()) {
        if (entry.dropped || entry.event.site?.file !== file) continue;
        changed = move(entry, ordered) || changed;
      }
    }
    return changed;
  }

  /** Live problems by absolute file path, at their current lines. */
  problems(): Map<string, MonitorProblem[]> {
    const byFile = new Map<string, MonitorProblem[]>();
    for (const entries of this.apps.values()) {
      for (const entry of entries.values()) {
        if (entry.dropped) continue;
        for (const [file, problems] of monitorProblems([entry.event])) {
          const list = byFile.get(file) ?? [];
          list.push(...problems.map((p) => ({ ...p, line: entry.line })));
          byFile.set(file, list);
        }
      }
    }
    return byFile;
  }
}

/** Moves (or drops) one entry through one edit, whose changes are sorted bottom-up. */
function move(entry: Entry, ordered: readonly LineChange[]): boolean {
  let changed = false;
  for (const change of ordered) {
    if (entry.dropped) break;
    if (entry.line > change.endLine) {
      if (change.lineDelta !== 0) {
        entry.line += change.lineDelta;
        changed = true;
      }
    } else if (entry.line >= change.startLine) {
      entry.dropped = true;
      changed = true;
    }
  }
  return changed;
}

/** The runtime's deduplication key: one event per kind, session, run and site. */
function eventKey(event: MonitorEvent): string {
  const site = event.site === null ? '' : `${event.site.file}:${event.site.line}`;
  return JSON.stringify([event.kind, event.session, event.run, site]);
}
