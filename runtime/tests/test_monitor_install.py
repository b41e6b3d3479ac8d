"""Installing and removing the monitor in this process; the event log's throttle.

These run in the test process itself (no server): they check that every hook comes
off again, that changed Streamlit internals give MonitorUnavailable with nothing left
patched, that a lookup which finds a context never walks the stack, and that repeated
problems are counted, not flooded.
"""

from __future__ import annotations

import threading
from typing import Any

import monitor_support  # noqa: F401 - puts the runtime package on sys.path
import pytest
import streamlit as st
from streamlit.runtime.scriptrunner import script_runner
from streamlit.runtime.scriptrunner_utils import script_run_context
from streamlit.runtime.scriptrunner_utils.script_run_context_attr import SCRIPT_RUN_CONTEXT_ATTR_NAME as CTX_ATTR

from threadlit_runtime.monitor import Monitor, MonitorUnavailable, core
from threadlit_runtime.monitor.events import EventLog, Record
from threadlit_runtime.monitor.frames import Site


def _hooked_state() -> tuple[Any, ...]:
    return (
        script_run_context.get_script_run_ctx.__code__,
        script_runner.ScriptRunner.__dict__["start"],
        script_runner.exec_func_with_error_handling,
        threading.Thread.__dict__["start"],
        threading.excepthook,
    )


def test_install_then_uninstall_restores_everything() -> None:
    before = _hooked_state()
    events: list[dict[str, Any]] = []
    monitor = Monitor(events.append, __file__)
    monitor.install()
    try:
        after = _hooked_state()
        assert all(a is not b for a, b in zip(after, before, strict=True))
        # The shared function object got the hook: a context-less st.write from this
        # (user) file is seen, through Streamlit's own imported reference.
        st.write("no context here")
        monitor.request_threads()
    finally:
        monitor.uninstall()
    assert _hooked_state() == before
    (event,) = [e for e in events if e["type"] == "monitor"]
    assert (event["kind"], event["call"], event["outcome"]) == ("missing-context", "st.write", "dropped")
    assert event["site"]["file"] == __file__ and event["site"]["function"] == (
        "test_install_then_uninstall_restores_everything"
    )
    assert event["session"] is None and event["thread"]["name"] == threading.current_thread().name
    # The requested snapshot came (the flusher may have sent an on-change one too).
    types = [e["type"] for e in events]
    assert "threads" in types[types.index("monitor") :]
    # After uninstall nothing is reported any more.
    count = len(events)
    st.write("still no context")
    assert len(events) == count


def test_changed_internals_make_the_monitor_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _hooked_state()
    monkeypatch.delattr(script_runner, "exec_func_with_error_handling")
    with pytest.raises(MonitorUnavailable, match="exec_func_with_error_handling"):
        Monitor(lambda event: None, __file__).install()
    monkeypatch.undo()
    assert _hooked_state() == before


def test_unexpected_signature_leaves_nothing_patched(monkeypatch: pytest.MonkeyPatch) -> None:
    def get_script_run_ctx(suppress_warning: bool = False, extra: int = 0) -> None:
        return None

    monkeypatch.setattr(script_run_context, "get_script_run_ctx", get_script_run_ctx)
    before = _hooked_state()
    with pytest.raises(MonitorUnavailable, match="signature"):
        Monitor(lambda event: None, __file__).install()
    assert _hooked_state() == before


def test_repeats_are_counted_and_throttled() -> None:
    emitted: list[dict[str, Any]] = []
    log = EventLog(emitted.append)

    def hit() -> None:
        for _ in range(250):
            log.report(
                Record(
                    kind="missing-context",
                    thread_name="worker",
                    thread_id=1,
                    session="s",
                    run=1,
                    site=Site("app.py", 3, "work"),
                    call="st.write",
                    outcome="dropped",
                    message="m",
                )
            )

    workers = [threading.Thread(target=hit) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    # The first occurrence went out at once; the rest wait for the throttle.
    assert 1 <= len(emitted) < 10
    assert emitted[0]["count"] == 1
    log.flush(force=True)
    assert emitted[-1]["count"] == 1000
    counts = [e["count"] for e in emitted]
    assert counts == sorted(counts)
    # Another run at the same site is a separate record.
    log.report(Record("missing-context", "worker", 1, "s", 2, Site("app.py", 3, "work"), "st.write", "dropped", "m"))
    assert (emitted[-1]["run"], emitted[-1]["count"]) == (2, 1)


def test_install_twice_after_uninstall() -> None:
    events: list[dict[str, Any]] = []
    monitor = Monitor(events.append, __file__)
    for _ in range(2):
        monitor.install()
        try:
            st.write("no context here")
        finally:
            monitor.uninstall()
    # The same monitor keeps counting the same site across installs.
    assert [e["count"] for e in events if e["type"] == "monitor"] == [1, 2]


def test_lookups_that_find_a_context_never_walk_the_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    walks: list[object] = []
    real_walk = core.find_call_site
    monkeypatch.setattr(core, "find_call_site", lambda frame: walks.append(frame) or real_walk(frame))
    monitor = Monitor(lambda event: None, __file__)
    monitor.install()
    thread = threading.current_thread()
    try:
        setattr(thread, CTX_ATTR, object())  # any context will do here
        for _ in range(100):
            assert script_run_context.get_script_run_ctx() is not None
        assert walks == []
        delattr(thread, CTX_ATTR)
        assert script_run_context.get_script_run_ctx() is None
        assert len(walks) == 1  # the failure path does walk, once per failed lookup
    finally:
        if hasattr(thread, CTX_ATTR):
            delattr(thread, CTX_ATTR)
        monitor.uninstall()
