// Groups the runtime's threads and monitor events by script run for the Threads pane. Pure.

import type { MonitorEvent, ThreadInfo } from '../src/protocol/runtime';

export interface RunGroup {
  key: string;
  label: string;
  threads: ThreadInfo[];
  events: MonitorEvent[];
}

const NO_CONTEXT = 'no-context';
const STREAMLIT = 'streamlit';

/**
 * Latest run first, then threads without a ScriptRunContext (and events outside any run), then
 * Streamlit's own threads. The session is shown only when several sessions are present.
 */
export function groupByRun(threads: readonly ThreadInfo[], events: readonly MonitorEvent[]): RunGroup[] {
  const sessions = new Set<string>();
  for (const t of threads) if (t.session !== null && !t.streamlit) sessions.add(t.session);
  for (const e of events) if (e.session !== null) sessions.add(e.session);
  const showSession = sessions.size > 1;

  const groups = new Map<string, RunGroup>();
  const group = (key: string, label: string): RunGroup => {
    let g = groups.get(key);
    if (g === undefined) {
      g = { key, label, threads: [], events: [] };
      groups.set(key, g);
    }
    return g;
  };
  const runKey = (session: string | null, run: number | null): [string, string] => {
    if (run === null) return [NO_CONTEXT, 'No ScriptRunContext'];
    const label = showSession && session !== null ? `Run ${run} · session ${session.slice(0, 8)}` : `Run ${run}`;
    return [`run:${session ?? ''}:${run}`, label];
  };

  for (const t of threads) {
    if (t.streamlit) group(STREAMLIT, 'Streamlit').threads.push(t);
    else group(...runKey(t.session, t.run)).threads.push(t);
  }
  for (const e of events) group(...runKey(e.session, e.run)).events.push(e);

  const runNumber = (g: RunGroup): number => (g.key.startsWith('run:') ? Number(g.key.split(':').pop()) : -1);
  const rank = (g: RunGroup): number => (g.key === STREAMLIT ? 2 : g.key === NO_CONTEXT ? 1 : 0);
  return [...groups.values()].sort((a, b) => rank(a) - rank(b) || runNumber(b) - runNumber(a) || a.label.localeCompare(b.label));
}

/** One line for an event: where, which thread, what happened, how often. */
export function eventSummary(e: MonitorEvent): string {
  const where = e.site !== null ? `${basename(e.site.file)}:${e.site.line}` : 'unknown place';
  const times = e.count > 1 ? ` (×${e.count})` : '';
  return `${where} · ${e.thread.name}: ${e.message}${times}`;
}

function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
