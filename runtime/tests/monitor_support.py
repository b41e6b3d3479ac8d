"""Helpers for asserting the monitor's events against a fixture app's inline marks.

A fixture app marks each line that must produce a monitor event:

    st.write("x")  # expect: missing-context dropped x1

`expected(app)` reads those marks as (kind, "file:line", count, outcome) tuples;
`observed(runtime)` reduces the runtime's `monitor` events (re-emitted as counts grow)
to the same tuples, keeping the latest event per (kind, session, run, site, call).
`settle(runtime)` waits until no user thread is alive and every pending count has been
emitted: the monitor flushes its counts before it answers a `threads` request.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from conftest import RUNTIME_ROOT, RuntimeProcess

# In-process tests import the runtime package, which is not installed: the host puts
# `runtime/` on PYTHONPATH, and so does this module for the tests that import it.
if str(RUNTIME_ROOT) not in sys.path:
    sys.path.insert(0, str(RUNTIME_ROOT))

Event = dict[str, Any]
Expectation = tuple[str, str, int, str]

_MARK = re.compile(r"#\s*expect:\s*(?P<marks>.+)$")
_ONE = re.compile(r"^(?P<kind>[a-z-]+)\s+(?P<outcome>[a-z-]+)\s+x(?P<count>\d+)$")


def expected(app: Path) -> Counter[Expectation]:
    """The (kind, file:line, count, outcome) marks of a fixture app."""
    found: Counter[Expectation] = Counter()
    for number, line in enumerate(app.read_text(encoding="utf-8").splitlines(), 1):
        match = _MARK.search(line)
        if not match:
            continue
        for mark in match.group("marks").split(";"):
            one = _ONE.match(mark.strip())
            assert one, f"{app.name}:{number}: bad expectation {mark!r}"
            found[
                (
                    one.group("kind"),
                    f"{app.name}:{number}",
                    int(one.group("count")),
                    one.group("outcome"),
                )
            ] += 1
    return found


def latest_monitor_events(runtime: RuntimeProcess, session: str | None = None) -> list[Event]:
    """The newest event of each monitor record, in first-seen order."""
    latest: dict[tuple[Any, ...], Event] = {}
    for event in runtime.of_type("monitor"):
        if session is not None and event["session"] != session:
            continue
        site = event["site"] or {}
        key = (
            event["kind"],
            event["session"],
            event["run"],
            site.get("file"),
            site.get("line"),
            event["call"],
        )
        latest[key] = event
    return list(latest.values())


def observed(runtime: RuntimeProcess, session: str | None = None) -> Counter[Expectation]:
    """The runtime's monitor events as (kind, file:line, count, outcome) tuples."""
    found: Counter[Expectation] = Counter()
    for event in latest_monitor_events(runtime, session):
        site = event["site"]
        where = f"{Path(site['file']).name}:{site['line']}" if site else "?"
        found[(event["kind"], where, event["count"], event["outcome"])] += 1
    return found


def settle(runtime: RuntimeProcess, timeout: float = 15.0) -> Event:
    """Wait until a requested `threads` snapshot shows no live user thread.

    Every monitor event emitted before that snapshot is final. Between requests the
    wait is for the monitor's own on-change snapshot (a thread ended), not a sleep.
    """
    import time

    deadline = time.monotonic() + timeout
    while True:
        mark = runtime.mark()
        runtime.send({"type": "threads"})
        snapshot = runtime.wait_for("threads", after=mark, timeout=timeout)
        users = [t for t in snapshot["threads"] if not t["streamlit"]]
        if not users:
            return snapshot
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"user threads still alive: {users}"
        after = runtime.mark()
        try:
            runtime.wait_for("threads", after=after, timeout=min(0.5, remaining))
        except AssertionError:
            pass  # no change yet: ask again


def assert_events(runtime: RuntimeProcess, app: Path, session: str | None = None) -> None:
    """The exact multiset of (kind, file:line, count, outcome) equals the app's marks."""
    settle(runtime)
    want = expected(app)
    got = observed(runtime, session)
    assert got == want, (
        f"monitor events differ for {app.name}\n  missing: {dict(want - got)}\n"
        f"  unexpected: {dict(got - want)}\n  all events: {runtime.of_type('monitor')}"
    )
