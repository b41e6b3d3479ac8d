"""Stack inspection for the monitor: whose code is a frame, and which Streamlit call.

Only failure paths and thread starts walk the stack; calls that have a context never
come here. A frame belongs to one of four owners: Streamlit, threadlit itself, the
Python standard library (plus the server libraries Streamlit runs on), or the user.
The user's site is the first frame, walking outward, that belongs to the user.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from dataclasses import dataclass
from types import FrameType, TracebackType
from typing import Final, Literal

import streamlit

Owner = Literal["streamlit", "threadlit", "stdlib", "user"]

_STREAMLIT_DIR: Final = os.path.dirname(os.path.abspath(streamlit.__file__)) + os.sep
# The whole runtime package (bootstrap, channel, monitor) is ours, not the user's.
_THREADLIT_DIR: Final = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_STDLIB_DIRS: Final = tuple(
    {os.path.abspath(p) + os.sep for key in ("stdlib", "platstdlib") if (p := sysconfig.get_paths().get(key))}
)
# Libraries under Streamlit's server and event system: their frames are plumbing.
_PLUMBING: Final = frozenset(
    {
        "anyio",
        "blinker",
        "click",
        "h11",
        "httptools",
        "starlette",
        "tornado",
        "uvicorn",
        "uvloop",
        "watchdog",
        "websockets",
        "wsproto",
    }
)
_SITE_MARKERS: Final = (
    os.sep + "site-packages" + os.sep,
    os.sep + "dist-packages" + os.sep,
)

_owner_cache: dict[str, Owner] = {}


def owner_of(filename: str) -> Owner:
    """Who owns the code in `filename` (cached: called once per distinct file)."""
    owner = _owner_cache.get(filename)
    if owner is None:
        owner = _classify(filename)
        _owner_cache[filename] = owner
    return owner


def _classify(filename: str) -> Owner:
    if filename.startswith("<frozen") or filename == "<string>":
        return "stdlib"
    path = os.path.abspath(filename)
    if path.startswith(_STREAMLIT_DIR):
        return "streamlit"
    if path.startswith(_THREADLIT_DIR):
        return "threadlit"
    for marker in _SITE_MARKERS:
        at = path.find(marker)
        if at >= 0:
            top = path[at + len(marker) :].split(os.sep, 1)[0]
            package = top.split("-", 1)[0].removesuffix(".py")
            return "stdlib" if package in _PLUMBING else "user"
    if path.startswith(_STDLIB_DIRS):
        return "stdlib"
    return "user"


@dataclass(frozen=True)
class Site:
    """A line in the user's code."""

    file: str
    line: int
    function: str

    def as_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "function": self.function}


@dataclass(frozen=True)
class CallSite:
    """A Streamlit call seen from a failure path: the user's line and the API frame."""

    site: Site
    #: The outermost Streamlit frame under the user's line (the API that was called).
    api: FrameType | None


def _site(frame: FrameType) -> Site:
    return Site(frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name)


def find_call_site(frame: FrameType | None) -> CallSite | None:
    """Walk outward from `frame` to the first user frame; None if there is none.

    Also remembers the outermost Streamlit frame seen on the way, skipping the
    telemetry wrapper that every public command goes through.
    """
    api: FrameType | None = None
    while frame is not None:
        owner = owner_of(frame.f_code.co_filename)
        if owner == "user":
            return CallSite(_site(frame), api)
        if owner == "streamlit" and frame.f_code.co_name != "wrapped_func":
            api = frame
        frame = frame.f_back
    return None


def first_foreign_owner(frame: FrameType | None) -> tuple[Owner, Site | None]:
    """The owner of the first frame outside the stdlib and threadlit, and its site."""
    while frame is not None:
        owner = owner_of(frame.f_code.co_filename)
        if owner in ("user", "streamlit"):
            return owner, _site(frame)
        frame = frame.f_back
    return "stdlib", None


def traceback_user_site(tb: TracebackType | None) -> Site | None:
    """The innermost user frame of a traceback (where the user's code failed)."""
    found: Site | None = None
    while tb is not None:
        code = tb.tb_frame.f_code
        if owner_of(code.co_filename) == "user":
            found = Site(code.co_filename, tb.tb_lineno, code.co_name)
        tb = tb.tb_next
    return found


def traceback_touches(tb: TracebackType | None, suffix: str) -> bool:
    """Whether any frame of the traceback runs in a file ending with `suffix`."""
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(suffix):
            return True
        tb = tb.tb_next
    return False


def current_user_site(thread_ident: int | None) -> Site | None:
    """Where a running thread is in the user's code right now (best effort)."""
    if thread_ident is None:
        return None
    frame = sys._current_frames().get(thread_ident)
    call = find_call_site(frame)
    return call.site if call else None
