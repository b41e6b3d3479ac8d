// Shared wording for where a worker thread comes from, used in related locations.
import type { Origin } from '../model/threads';
import { rangeOf } from '../syntax';
import type { RelatedLocation } from '../types';

const CREATED: Record<Origin['kind'], string> = {
  thread: 'thread created here',
  timer: 'timer thread created here',
  subclass: 'Thread subclass instantiated here',
  executor: 'work submitted to a thread pool here (pooled threads keep an attached context for later tasks)',
  to_thread: "work handed to asyncio's default thread pool here",
  run_in_executor: 'work handed to an executor here',
};

/** Related locations for the threads that run a piece of worker code: creation, then start. */
export function originLocations(origins: Iterable<Origin>, limit = 3): RelatedLocation[] {
  const related: RelatedLocation[] = [];
  for (const origin of [...origins].sort((a, b) => a.creation.startIndex - b.creation.startIndex).slice(0, limit)) {
    related.push({ range: rangeOf(origin.creation), message: CREATED[origin.kind] });
    const start = origin.starts[0];
    if (start && start.id !== origin.creation.id) related.push({ range: rangeOf(start), message: 'thread started here' });
  }
  return related;
}
