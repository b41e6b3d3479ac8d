"""The event channel: newline-delimited JSON on a private copy of the original stdout.

`Channel.open()` duplicates fd 1 for the protocol, then points fd 1 and `sys.stdout` at
stderr. From then on user prints, Streamlit's banner and `Stopping...` and any C
extension writing to fd 1 all land on stderr, and only `Channel.emit` writes events.

Note [Threading]: `emit` is called from the main (event-loop) thread, the stdin reader,
Streamlit's script threads and user threads (through the monitor). One lock serialises
whole lines, so two events never interleave. A closed pipe (the host went away) must
never raise into the caller: the write is dropped and the channel marks itself broken.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import Any, BinaryIO

from .protocol import PROTOCOL_VERSION


class Channel:
    """Writes events; thread-safe, never raises on a broken pipe."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._broken = False

    @classmethod
    def open(cls) -> Channel:
        """Take over fd 1 for the protocol and send everything else written to it to stderr."""
        sys.stdout.flush()
        protocol_fd = os.dup(1)
        os.set_inheritable(protocol_fd, False)  # subprocesses of the app must not hold the pipe
        os.dup2(2, 1)
        # A fresh text wrapper on fd 1 (now stderr) so `print` keeps working line by line.
        sys.stdout = os.fdopen(1, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False)
        return cls(os.fdopen(protocol_fd, "wb", buffering=0))

    @property
    def broken(self) -> bool:
        return self._broken

    def emit(self, event: dict[str, Any]) -> None:
        """Write one event as one line, adding the protocol version."""
        line = json.dumps({"v": PROTOCOL_VERSION, **event}, separators=(",", ":"), default=str)
        data = (line + "\n").encode("utf-8")
        with self._lock:
            if self._broken:
                return
            try:
                view = memoryview(data)
                while view:  # a raw write may be partial (e.g. interrupted by a signal)
                    written = self._stream.write(view)
                    view = view[written or 0 :]
            except (BrokenPipeError, ValueError, OSError):
                # The host closed its end; the stdin EOF that follows shuts us down.
                self._broken = True
