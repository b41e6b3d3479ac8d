"""Every way the runtime ends leaves no process behind, and stdin EOF ends it within 2 s.

The fixture app starts a subprocess that ignores SIGTERM, a plain `sleep`, and a
non-daemon thread that never ends: a plain interpreter exit would hang on the thread,
and a polite SIGTERM would leave the first subprocess running.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from conftest import APPS, RuntimeProcess, StartRuntime, group_members, pid_alive, runtime_env, wait_until
from st_client import session

STUBBORN = APPS / "runtime_stubborn" / "app.py"


def _start_stubborn(start_runtime: StartRuntime, tmp_path: Path) -> tuple[RuntimeProcess, list[int]]:
    out = tmp_path / "pids.json"
    runtime = start_runtime(STUBBORN, env=runtime_env({"THREADLIT_TEST_OUT": str(out)}))
    ready = runtime.wait_ready()
    with session(ready["port"]) as client:
        assert "started helpers" in client.run().texts
    pids = json.loads(out.read_text())["pids"]
    assert all(pid_alive(pid) for pid in pids)
    return runtime, pids


def _assert_nothing_left(runtime: RuntimeProcess, pids: list[int]) -> None:
    # The runtime has exited, so only reaped processes are gone; poll briefly for the
    # kernel to finish tearing down what was SIGKILLed.
    assert wait_until(lambda: not any(pid_alive(pid) for pid in pids), 2), f"left behind: {pids}"
    assert wait_until(lambda: group_members(runtime.proc.pid) == [], 2), group_members(runtime.proc.pid)


def test_stdin_eof_exits_within_two_seconds_and_leaves_nothing(start_runtime: StartRuntime, tmp_path: Path) -> None:
    runtime, pids = _start_stubborn(start_runtime, tmp_path)
    began = time.monotonic()
    runtime.close_stdin()
    code = runtime.wait_exit(timeout=5)
    elapsed = time.monotonic() - began
    assert code == 0
    assert elapsed < 2.0, f"took {elapsed:.2f}s"
    assert runtime.events[-1] == {"v": 1, "type": "exit", "code": 0, "reason": "stdin-closed"}
    _assert_nothing_left(runtime, pids)


def test_shutdown_command_leaves_nothing(start_runtime: StartRuntime, tmp_path: Path) -> None:
    runtime, pids = _start_stubborn(start_runtime, tmp_path)
    began = time.monotonic()
    runtime.send({"type": "shutdown"})
    assert runtime.wait_exit(timeout=5) == 0
    assert time.monotonic() - began < 2.0
    assert runtime.events[-1]["reason"] == "shutdown"
    _assert_nothing_left(runtime, pids)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_leaves_nothing(start_runtime: StartRuntime, tmp_path: Path, sig: int) -> None:
    runtime, pids = _start_stubborn(start_runtime, tmp_path)
    os.kill(runtime.proc.pid, sig)
    assert runtime.wait_exit(timeout=5) == 0
    assert runtime.events[-1]["reason"] == "signal"
    _assert_nothing_left(runtime, pids)


def test_stdin_eof_during_startup_still_exits(start_runtime: StartRuntime) -> None:
    runtime = start_runtime(APPS / "runtime_basic" / "app.py")
    runtime.close_stdin()  # before `ready`: the host died while we were starting
    assert runtime.wait_exit(timeout=5) == 0
    assert runtime.events[-1]["type"] == "exit"
    assert wait_until(lambda: group_members(runtime.proc.pid) == [], 2)
