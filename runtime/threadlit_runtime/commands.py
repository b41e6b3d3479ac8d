"""Commands from the host: read on stdin, one JSON object per line, and carried out.

The host's pipe is moved to a private descriptor first and fd 0 is pointed at
/dev/null, so neither the app (`input()`) nor its subprocesses can read our commands.

Note [Threading]: the reader is a daemon thread. It touches Streamlit only through the
server's event loop (`Lifecycle.call_on_loop`), because sessions are owned by that loop.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any, BinaryIO

from .protocol import BadCommand, error_event, log_event, parse_command
from .shutdown import Lifecycle


def take_stdin() -> BinaryIO:
    """Move the host's stdin pipe to a private descriptor; fd 0 becomes /dev/null."""
    private = os.dup(0)
    os.set_inheritable(private, False)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    return os.fdopen(private, "rb", buffering=0)


def rerun_all_sessions() -> int:
    """Rerun the app in every connected session (on the event loop); returns how many."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return 0
    count = 0
    for info in Runtime.instance()._session_mgr.list_active_sessions():
        session = info.session
        # What a save of the app file does: rerun with the session's last client state
        # (widget values, page, query string) — but the whole app, not a fragment.
        state = getattr(session, "_client_state", None)
        if state is not None and hasattr(state, "fragment_id"):
            whole = type(state)()
            whole.CopyFrom(state)
            whole.fragment_id = ""
            whole.is_auto_rerun = False
            state = whole
        session.request_rerun(state)
        count += 1
    return count


def thread_snapshot() -> dict[str, Any]:
    """A `threads` event without the monitor: names and flags, no contexts."""
    return {
        "type": "threads",
        "threads": [
            {
                "name": t.name,
                "id": t.ident or 0,
                "daemon": t.daemon,
                "alive": t.is_alive(),
                "session": None,
                "run": None,
                "streamlit": False,
            }
            for t in threading.enumerate()
        ],
    }


class CommandReader:
    def __init__(
        self,
        stream: BinaryIO,
        emit: Callable[[dict[str, Any]], None],
        lifecycle: Lifecycle,
        request_threads: Callable[[], None] | None,
    ) -> None:
        self._stream = stream
        self._emit = emit
        self._lifecycle = lifecycle
        self._request_threads = request_threads

    def set_request_threads(self, request_threads: Callable[[], None]) -> None:
        self._request_threads = request_threads

    def start(self) -> None:
        threading.Thread(target=self._read, name="threadlit-commands", daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = self._stream.read(65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                self.handle(line)
        # EOF: the host is gone or closed our stdin on purpose; never outlive it.
        self._lifecycle.request_stop("stdin-closed")

    def handle(self, raw: bytes) -> None:
        text = raw.decode("utf-8", "replace").strip()
        if not text:
            return
        try:
            command = parse_command(text)
        except BadCommand as exc:
            shown = text if len(text) <= 200 else text[:200] + "…"
            self._emit(error_event("bad-command", f"Ignored a command: {exc}. The line was: {shown}"))
            return
        if command == "shutdown":
            self._lifecycle.request_stop("shutdown")
        elif command == "threads":
            if self._request_threads is not None:
                self._request_threads()
            else:
                self._emit(thread_snapshot())
        elif command == "rerun":
            if not self._lifecycle.call_on_loop(rerun_all_sessions):
                self._emit(log_event("warning", "Rerun ignored: the app is not being served."))
