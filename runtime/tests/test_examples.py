"""The project's examples, run under the monitor on a real server.

The three threading patterns and the fragments example show their results and raise
no monitor event; each broken example raises the events its README row promises.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import RuntimeProcess
from monitor_support import latest_monitor_events, settle
from st_client import FINISHED, FINISHED_FRAGMENT, Run, StreamlitClient, session

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
StartRuntime = Callable[..., RuntimeProcess]
DELAYS = ["0.5", "0.4", "0.3", "0.2", "0.1"]


def assert_five_results(run: Run) -> None:
    """`Thread i` headers, each followed by its own worker's result, then Rerun."""
    page = run.page_texts()
    assert page[-1] == "Rerun"
    body = page[:-1]
    assert body[0::2] == [f"Thread {i}" for i in range(5)], page
    for i, text in enumerate(body[1::2]):
        assert re.fullmatch(rf"waited {DELAYS[i]} s \(took \d+\.\d\d s\)", text), page


@pytest.mark.parametrize("name", ["option1_batched", "option1_iterative", "option2_script_run_ctx"])
def test_pattern_renders_results_without_events(start_runtime: StartRuntime, name: str) -> None:
    runtime = start_runtime(EXAMPLES / f"{name}.py")
    port = runtime.wait_ready()["port"]
    with session(port) as client:
        run = client.run()
        assert run.status == FINISHED
        assert_five_results(run)
        if name == "option2_script_run_ctx":
            # Clicking Rerun runs the script again: new context, same page.
            rerun = client.click("Rerun")
            assert rerun.status == FINISHED and rerun is not run
            assert_five_results(rerun)
    settle(runtime)
    assert runtime.of_type("monitor") == []
    expected_runs = 2 if name == "option2_script_run_ctx" else 1
    finished = runtime.of_type("runFinished")
    assert [(e["run"], e["status"]) for e in finished] == [(n, "ok") for n in range(1, expected_runs + 1)]


def test_fragment_example_updates_without_events(start_runtime: StartRuntime) -> None:
    runtime = start_runtime(EXAMPLES / "fragment_progress.py")
    port = runtime.wait_ready()["port"]
    with session(port) as client:
        client.run()
        (fragment_id,) = client.auto_rerun_fragments
        # Play the browser's run_every timer: rerun the fragment until the worker is
        # done (each round trip is the poll interval), up to a deadline.
        deadline = time.monotonic() + 15
        run = client.rerun_fragment(fragment_id)
        while not _all_done(client):
            assert time.monotonic() < deadline, client.all_texts()
            run = client.rerun_fragment(fragment_id)
        assert run.status == FINISHED_FRAGMENT
        assert "5/5 steps" in run.texts
    settle(runtime)
    assert runtime.of_type("monitor") == []


def _all_done(client: StreamlitClient) -> bool:
    return any("all steps done" in t for t in client.all_texts())


BROKEN = {
    "option2_no_ctx_broken": {("missing-context", "raised", 5)},
    "session_state_in_thread_broken": {("session-state-without-context", "dropped", 5)},
    "outlives_run_broken": {("outlived-run", "alive", 5), ("outlived-run", "dropped", 5)},
    "rerun_outliving_thread_broken": {
        ("outlived-run", "alive", 1),
        ("wrong-run-write", "wrong-run", 1),
    },
    "form_in_thread_broken": {
        ("global-corruption", "corrupted", 1),
        ("missing-context", "dropped", 1),
    },
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_example_is_reported(start_runtime: StartRuntime, name: str) -> None:
    runtime = start_runtime(EXAMPLES / f"{name}.py")
    port = runtime.wait_ready()["port"]
    with session(port) as client:
        client.run()
    settle(runtime)
    got = {(e["kind"], e["outcome"], e["count"]) for e in latest_monitor_events(runtime)}
    assert got == BROKEN[name]
