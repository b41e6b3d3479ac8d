"""The monitor's events against fixture apps, on a real runtime and a real server.

Each fixture app under `apps/monitor_*` marks the lines that must produce an event;
the test runs the app's first run through the websocket client and asserts the exact
multiset of (kind, file:line, count, outcome).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import APPS, RuntimeProcess
from monitor_support import assert_events, latest_monitor_events
from st_client import FINISHED, session

StartRuntime = Callable[..., RuntimeProcess]


def run_fixture(start_runtime: StartRuntime, name: str) -> tuple[RuntimeProcess, Path, str]:
    """Start the fixture app, do its first run; returns the runtime, app and session."""
    app = APPS / name / "app.py"
    runtime = start_runtime(app)
    port = runtime.wait_ready()["port"]
    with session(port) as client:
        client.run()
        assert client.session_id is not None
        return runtime, app, client.session_id


def test_missing_context_dropped_and_raised(start_runtime: StartRuntime) -> None:
    runtime, app, session_id = run_fixture(start_runtime, "monitor_missing_context")
    assert_events(runtime, app)
    events = latest_monitor_events(runtime)
    calls = {(e["site"]["line"], e["call"]) for e in events}
    assert {call for _, call in calls} == {
        "st.write",
        "st.sidebar.write",
        "container.write",
        "container.text",
        "st.switch_page",
    }
    for event in events:
        assert event["severity"] == "warning"
        assert event["session"] == session_id and event["run"] == 1
        assert event["site"]["function"] in ("top_level", "through_handle", "caught", "switch")
        assert event["thread"]["name"].startswith("Thread-") and event["thread"]["id"] > 0
        assert "ScriptRunContext" in event["message"]
    # The NoSessionContext that killed three workers is folded, not a second event.
    assert not [e for e in events if e["kind"] == "thread-exception"]
    # One run: started, then finished without error, both naming the session.
    assert [(e["session"], e["run"]) for e in runtime.of_type("runStarted")] == [(session_id, 1)]
    (finished,) = runtime.of_type("runFinished")
    assert (finished["session"], finished["run"], finished["status"]) == (session_id, 1, "ok")
    assert finished["duration"] > 0


def test_session_state_without_context(start_runtime: StartRuntime) -> None:
    runtime, app, _ = run_fixture(start_runtime, "monitor_session_state")
    assert_events(runtime, app)
    for event in latest_monitor_events(runtime):
        assert event["call"] == "st.session_state"
        assert event["severity"] == "warning"


def test_thread_exception_with_traceback(start_runtime: StartRuntime) -> None:
    runtime, app, _ = run_fixture(start_runtime, "monitor_thread_exception")
    assert_events(runtime, app)
    (event,) = latest_monitor_events(runtime)
    assert event["severity"] == "error"
    assert event["site"]["function"] == "parse"
    assert "ValueError" in event["message"]
    assert "Traceback" in event["traceback"] and "int(text)" in event["traceback"]


def test_thread_outliving_its_run(start_runtime: StartRuntime) -> None:
    runtime, app, session_id = run_fixture(start_runtime, "monitor_outlived")
    assert_events(runtime, app)
    alive, dropped = sorted(latest_monitor_events(runtime), key=lambda e: e["outcome"])
    assert (alive["outcome"], dropped["outcome"]) == ("alive", "dropped")
    assert alive["thread"] == dropped["thread"]
    assert dropped["call"] == "st.write" and dropped["run"] == 1
    assert alive["session"] == dropped["session"] == session_id
    # The warning for the live thread comes after the run it outlived had finished.
    kinds = [(e["type"], e.get("outcome")) for e in runtime.events if e["type"] != "threads"]
    assert kinds.index(("runFinished", None)) < kinds.index(("monitor", "alive"))


def test_rerun_with_outliving_thread_writes_into_the_next_run(
    start_runtime: StartRuntime,
) -> None:
    app = APPS / "monitor_wrong_run" / "app.py"
    runtime = start_runtime(app)
    port = runtime.wait_ready()["port"]
    with session(port) as client:
        final = client.run()
        assert final.status == FINISHED
        # The stale write really is on the page of run 2, before run 2's own output.
        assert final.texts == ["written by run 1's thread", "run 2 done"]
    assert_events(runtime, app)
    wrong = next(e for e in latest_monitor_events(runtime) if e["kind"] == "wrong-run-write")
    assert wrong["severity"] == "error" and wrong["run"] == 1
    assert "run 2" in wrong["message"]
    finished = [(e["run"], e["status"]) for e in runtime.of_type("runFinished")]
    assert finished == [(1, "rerun"), (2, "ok")]


def test_form_and_status_in_thread_corrupt_the_main_container(
    start_runtime: StartRuntime,
) -> None:
    runtime, app, _ = run_fixture(start_runtime, "monitor_global_corruption")
    assert_events(runtime, app)
    events = latest_monitor_events(runtime)
    assert {e["call"] for e in events} == {"st.form", "st.status"}
    assert {e["severity"] for e in events} == {"error"}
    # The corruption is real: the script's own st.button then fails.
    assert [e["status"] for e in runtime.of_type("runFinished")] == ["error"]


def test_events_do_not_depend_on_streamlit_logging(start_runtime: StartRuntime) -> None:
    runtime, app, _ = run_fixture(start_runtime, "monitor_logger_error")
    assert_events(runtime, app)
    assert "missing ScriptRunContext" not in runtime.stderr
