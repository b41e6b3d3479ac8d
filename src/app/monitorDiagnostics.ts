// Turns the monitor's events into per-file problems (pure): one per event, at the user's line,
// with the rule-like code of its kind and how often it happened.

import type { MonitorEvent, Severity } from '../protocol/runtime';

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
      message: `${event.message}${times} [thread ${event.thread.name}${event.run !== null ? `, run ${event.run}` : ''}]`,
      severity: event.severity,
      code: event.kind,
    };
    const list = byFile.get(event.site.file) ?? [];
    list.push(problem);
    byFile.set(event.site.file, list);
  }
  return byFile;
}
