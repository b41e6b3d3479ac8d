"""The monitor's outbox: one thread writes the monitor's events to the channel.

Writing a line to the channel is a system call, and a thread that makes one gives up
the GIL and may wait milliseconds to get it back. Hooks run on the script thread (run
start and end) and on user threads, so they only queue the event; this thread does the
write. One queue keeps every event in the order the hooks produced it.

Note [Threading]: `put` is called from any thread (a `SimpleQueue` is safe for that);
only the outbox thread calls `emit`. `close` queues a stop marker and waits for the
thread, so everything put before it has been written when it returns.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any, Final

NAME: Final = "threadlit-monitor-out"
_STOP: Final = object()


class Outbox:
    """A queue and the one thread that drains it into `emit` (started once)."""

    def __init__(self, emit: Callable[[dict[str, Any]], None]) -> None:
        self._emit = emit
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name=NAME, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def put(self, event: dict[str, Any]) -> None:
        self._queue.put(event)

    def close(self, timeout: float = 2.0) -> None:
        """Write everything queued so far, then stop the thread."""
        if self.thread.is_alive():
            self._queue.put(_STOP)
            self.thread.join(timeout)

    def _run(self) -> None:
        while True:
            event = self._queue.get()
            if event is _STOP:
                return
            try:
                self._emit(event)  # type: ignore[arg-type]
            except Exception:  # the channel must not take the outbox down
                pass
