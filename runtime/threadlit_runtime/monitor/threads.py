"""What the monitor knows about each thread, and the `threads` snapshot.

Every thread started after the monitor is installed gets a `ThreadRecord` (stored on
the `Thread` object, as Streamlit stores its context): whether it is the user's, where
the user started it, and which session and run it came from. A thread is the user's
when the script thread (or another user thread) started it from user code; threads
that Streamlit or its server start (spinner timers, file watchers, pools) are not.

A thread's *run* is the run whose context it carries: the run that was current when
the context was attached (fixed at `start()`, or on first use when the context was
attached from inside the thread).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from .frames import Site

if TYPE_CHECKING:
    from .events import Record

RECORD_ATTR: Final = "_threadlit_thread_record"
RUN_ATTR: Final = "_threadlit_run_state"


@dataclass
class RunState:
    """One script run of one session, kept on its ScriptRunner while it is current."""

    session: str
    number: int
    started: float
    finished: bool = False
    #: How the run ended (`runFinished.status`), once it has.
    status: str | None = None
    #: The runner's thread has exited: nothing it is sent reaches the browser any more.
    runner_done: bool = False


@dataclass
class ThreadRecord:
    """The monitor's notes on one thread."""

    user: bool
    start_site: Site | None
    #: Session and run of the thread that started this one.
    session: str | None
    run: int | None
    #: The context object `ctx_run` belongs to (a thread may get a new one later).
    ctx: Any = None
    ctx_run: int | None = None
    #: Runs this thread was already reported as outliving.
    outlived: set[int] = field(default_factory=set)
    #: The newest monitor record this thread contributed to (to fold follow-ups).
    last_record: Record | None = None


def record_of(thread: threading.Thread | None) -> ThreadRecord | None:
    return getattr(thread, RECORD_ATTR, None)


def runner_of(ctx: Any) -> Any:
    """The ScriptRunner owning a ScriptRunContext: its `_enqueue` is a bound method."""
    return getattr(getattr(ctx, "_enqueue", None), "__self__", None)


def run_state_of(runner: Any) -> RunState | None:
    return getattr(runner, RUN_ATTR, None)


def thread_id(thread: threading.Thread) -> int:
    """The OS thread id when there is one (what `ps` and debuggers show)."""
    return thread.native_id or thread.ident or 0
