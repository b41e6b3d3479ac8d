// Renders monitor events as one readable line each, e.g.
// `app.py:27 Thread-3: container.write without ScriptRunContext — raised NoSessionContext`.

import { isAbsolute, relative } from 'node:path';
import type { MonitorEvent } from '../protocol/runtime';

/** A path relative to `cwd` when the file lies below it, else as given. */
export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** What happened, without the where: the part after `Thread-3: `. */
export function describeMonitorEvent(event: MonitorEvent): string {
  switch (event.kind) {
    case 'missing-context':
      return `${event.call} without ScriptRunContext — ${event.outcome === 'raised' ? 'raised NoSessionContext' : 'dropped'}`;
    case 'session-state-without-context':
      return `${event.call} without ScriptRunContext — used the process-wide stand-in session state`;
    case 'outlived-run':
      return `still running after run ${event.run ?? '?'} finished`;
    case 'wrong-run-write':
      return `${event.call} from run ${event.run ?? '?'} landed in a later run`;
    case 'global-corruption':
      return `${event.call} without ScriptRunContext — corrupted the main container of every session`;
    default:
      // thread-exception and kinds a newer runtime may add: its own message says it best.
      return event.message;
  }
}

/** One line per event; `×N` when the runtime folded several occurrences into it. */
export function formatMonitorEvent(event: MonitorEvent, cwd: string): string {
  const where = event.site ? `${displayPath(event.site.file, cwd)}:${event.site.line}` : '<unknown site>';
  const count = event.count > 1 ? ` (×${event.count})` : '';
  return `${where} ${event.thread.name}: ${describeMonitorEvent(event)}${count}`;
}

/** The identity under which the runtime deduplicates: a repeat only raises `count`. */
export function monitorKey(event: MonitorEvent): string {
  const site = event.site ? `${event.site.file}:${event.site.line}` : '';
  return [event.kind, event.session ?? '', event.run ?? '', site, event.call].join('|');
}
