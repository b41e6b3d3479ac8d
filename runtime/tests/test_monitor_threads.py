"""`threads` snapshots: on request, and on change when a user thread ends."""

from __future__ import annotations

from collections.abc import Callable

from conftest import APPS, RuntimeProcess
from st_client import session


def _waiters(snapshot: dict) -> list[dict]:
    return [t for t in snapshot["threads"] if t["name"] == "waiter"]


def test_snapshot_on_request_and_on_change(
    start_runtime: Callable[..., RuntimeProcess],
) -> None:
    runtime = start_runtime(APPS / "monitor_threads" / "app.py")
    port = runtime.wait_ready()["port"]
    with session(port) as client:
        client.run()
        mark = runtime.mark()
        runtime.send({"type": "threads"})
        snapshot = runtime.wait_for("threads", after=mark)
        (waiter,) = _waiters(snapshot)
        assert waiter["alive"] and waiter["daemon"] and not waiter["streamlit"]
        assert waiter["session"] == client.session_id and waiter["run"] == 1
        assert waiter["id"] > 0
        names = {t["name"] for t in snapshot["threads"]}
        assert "MainThread" in names
        assert all(t["streamlit"] for t in snapshot["threads"] if t["name"] != "waiter")

        # Releasing the thread changes the thread list: a snapshot follows unasked.
        mark = runtime.mark()
        client.click("Release")
        runtime.wait_for("threads", where=lambda e: not _waiters(e), after=mark)

    # A context-less thread that calls no Streamlit command is not a problem.
    assert runtime.of_type("monitor") == []
