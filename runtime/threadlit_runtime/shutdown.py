"""The runtime's lifecycle and its shutdown sequence.

States: STARTING -> SERVING -> STOPPING -> (process exit). Any thread may ask to stop
(`request_stop`): the stdin reader on EOF or `shutdown`, a signal handler, the main
thread when the server ends by itself. The sequence is:

1. Ask Streamlit's server to stop, on its event loop (`server.stop`: uvicorn stops
   accepting, closes the websockets, and the Runtime shuts its sessions down). The
   main thread's `bootstrap.run` then returns, within ~0.2 s in practice.
2. The main thread calls `finish`: SIGTERM to every descendant process, SIGKILL after a
   short grace, the `exit` event, flush, `os._exit`.
3. A watchdog started by the first stop request forces step 2 (SIGKILL at once) if the
   main thread has not got there after FORCE_AFTER seconds — e.g. the event loop is
   stuck in user code.

Why `os._exit`: after the server stops, a normal interpreter exit waits in
`threading._shutdown` for every non-daemon thread, including the user's never-ending
workers and a script thread stuck in the script. The runtime must not outlive its host.

Note [Threading]: `request_stop` and `finish` run on any thread and may race (the
watchdog against the main thread); a lock makes the first caller of `finish` the only
one, and the other blocks until the process is gone.
"""

from __future__ import annotations

import asyncio
import enum
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

from .processes import end_descendants

# Stdin EOF must end the process within 2 s; leave room for the kill and the exit.
FORCE_AFTER = 1.4
# How long descendants get between SIGTERM and SIGKILL on a clean stop.
DESCENDANT_GRACE = 0.3


class State(enum.Enum):
    STARTING = "starting"
    SERVING = "serving"
    STOPPING = "stopping"


class Lifecycle:
    def __init__(self, emit: Callable[[dict[str, Any]], None]) -> None:
        self._emit = emit
        self._lock = threading.Lock()
        self._finish_lock = threading.Lock()
        self.state = State.STARTING
        self.reason = "shutdown"
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: Any = None
        self._before_exit: list[Callable[[], object]] = []

    def before_exit(self, callback: Callable[[], object]) -> None:
        """Run `callback` in `finish`, before the `exit` event (e.g. the monitor's flush)."""
        self._before_exit.append(callback)

    # ---- called by the bootstrap ----

    def serving(self, loop: asyncio.AbstractEventLoop, server: Any) -> None:
        """The server is up; a stop requested during startup is carried out now."""
        with self._lock:
            self._loop, self._server = loop, server
            stopping = self.state is State.STOPPING
            if not stopping:
                self.state = State.SERVING
        if stopping:
            self._stop_server()

    def call_on_loop(self, callback: Callable[[], object]) -> bool:
        """Run `callback` on the server's event loop; False if it is not serving."""
        with self._lock:
            loop = self._loop if self.state is State.SERVING else None
        if loop is None:
            return False
        try:
            loop.call_soon_threadsafe(callback)
        except RuntimeError:  # the loop closed meanwhile
            return False
        return True

    # ---- stopping ----

    def request_stop(self, reason: str) -> None:
        """Begin the shutdown sequence; later requests are ignored."""
        with self._lock:
            if self.state is State.STOPPING:
                return
            starting = self.state is State.STARTING
            self.state = State.STOPPING
            self.reason = reason
        threading.Thread(target=self._watchdog, name="threadlit-watchdog", daemon=True).start()
        if not starting:
            self._stop_server()
        # While starting there is no server to stop yet: `serving` stops it as soon as it
        # is up, and the watchdog covers a startup that never finishes.

    def _stop_server(self) -> None:
        loop, server = self._loop, self._server
        if loop is None or server is None:
            return
        try:
            loop.call_soon_threadsafe(server.stop)
        except RuntimeError:
            pass  # the loop already closed: the main thread is on its way to finish()

    def _watchdog(self) -> None:
        threading.Event().wait(FORCE_AFTER)
        self.finish(0, forced=True)

    def finish(self, code: int, reason: str | None = None, forced: bool = False) -> None:
        """End descendants, emit `exit`, and leave the process. Never returns."""
        if not self._finish_lock.acquire(blocking=True):
            return
        try:
            end_descendants(0 if forced else DESCENDANT_GRACE)
            for callback in self._before_exit:
                try:
                    callback()
                except Exception:  # a failing hook must not keep the process alive
                    sys.stderr.write(f"threadlit: cleanup before exit failed: {callback!r}\n")
            self._emit({"type": "exit", "code": code, "reason": reason or self.reason})
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
            os._exit(code)
