"""Without the monitor the app still runs: on purpose (`--no-monitor`) or when it cannot install."""

from __future__ import annotations

from pathlib import Path

from conftest import APPS, StartRuntime, runtime_env
from st_client import session

APP = APPS / "runtime_basic" / "app.py"

# Loaded by the interpreter at startup (sitecustomize), before the runtime's main: makes
# the monitor fail the way it does when Streamlit's internals are not what it expects.
BREAK_MONITOR = """
import threadlit_runtime.monitor as monitor

def install(self):
    raise monitor.MonitorUnavailable("Streamlit's internals differ (simulated)")

monitor.Monitor.install = install
"""


def _shows_the_app(port: int) -> None:
    with session(port) as client:
        assert "hello from runtime_basic" in client.run().texts


def test_monitor_unavailable_is_one_warning_and_the_app_runs(start_runtime: StartRuntime, tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(BREAK_MONITOR)
    env = runtime_env()
    env["PYTHONPATH"] += ":" + str(tmp_path)
    runtime = start_runtime(APP, env=env)
    ready = runtime.wait_ready()
    assert ready["monitor"] is False
    _shows_the_app(ready["port"])
    errors = runtime.of_type("error")
    assert len(errors) == 1
    assert errors[0]["code"] == "monitor-off"
    assert errors[0]["fatal"] is False
    assert "internals differ (simulated)" in errors[0]["message"]


def test_no_monitor_flag_is_silent(start_runtime: StartRuntime) -> None:
    runtime = start_runtime(APP, "--no-monitor")
    ready = runtime.wait_ready()
    assert ready["monitor"] is False
    _shows_the_app(ready["port"])
    assert runtime.of_type("error") == []
    assert runtime.of_type("runStarted") == []  # the monitor is what reports runs
