// Turns the monitor's events into per-file problems (pure): one per event, at the user's line,
// with the rule-like code of its kind, the thread, the run, what became of the call (its
// outcome) and how often it happened.

import type { MonitorEvent, MonitorOutcome, Severity } from '../protocol/runtime';

/** The outcome as a reader says it; the runtime's messages do not always name it. */
const OUTCOME: Record<MonitorOutcome, string> = {
  dropped: 'dropped',
  raised: 'raised',
  'wrong-run': 'wrong run',
  corrupted: 'corrupted',
  alive: 'still running',
  exception: 'exception',
};

export interface MonitorProblem {
  /** 0-based line, as editors count. */
  line: number;
  message: string;
  severity: Severity;
  /** The event's kind, e.g. `missing-context`. */
  code: string;
}

/** Problems by absolute file path; events without a site in the user's code are left out. */
export function monitorProblems(events: Iterable<MonitorEvent>): Map<string, MonitorProblem[]> {
  const byFile = new Map<string, MonitorProblem[]>();
  for (const event of events) {
    if (event.site === null) continue;
    const times = event.count > 1 ? ` (×${event.count})` : '';
    const problem: MonitorProblem = {
      line: Math.max(0, event.site.line - 1),
      message: `${event.message}${times} [thread ${event.thread.name}${event.run !== null ? `, run ${event.run}` : ''}, ${OUTCOME[event.outcome]}]`,
      severity: event.severity,
      code: event.kind,
    };
    const list = byFile.get(event.site.file) ?? [];
    list.push(problem);
    byFile.set(event.site.file, list);
  }
  return byFile;
}
