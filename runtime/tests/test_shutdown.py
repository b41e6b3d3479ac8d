"""Every way the runtime ends leaves no process behind, and stdin EOF ends it within 2 s.

The fixture app starts a subprocess that ignores SIGTERM, a plain `sleep`, and a
non-daemon thread that never ends: a plain interpreter exit would hang on the thread,
and a polite SIGTERM would leave the first subprocess running.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import APPS, PYTHON, RuntimeProcess, StartRuntime, group_members, pid_alive, runtime_env, wait_until
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


# A minimal host: spawns the runtime the way the real one does, reports its pid and port,
# then does nothing, so the test can SIGKILL it and see what its death leaves behind.
HOST = """
import json, subprocess, sys, time
runtime = subprocess.Popen(
    [sys.executable, "-m", "threadlit_runtime", sys.argv[1]],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
)
for line in runtime.stdout:
    event = json.loads(line)
    if event["type"] in ("ready", "exit"):
        print(json.dumps({"pid": runtime.pid, "port": event.get("port")}), flush=True)
        break
time.sleep(600)
"""


def test_sigkill_of_the_host_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "pids.json"
    host = subprocess.Popen(
        [PYTHON, "-c", HOST, str(STUBBORN)],
        cwd=STUBBORN.parent,
        env=runtime_env({"THREADLIT_TEST_OUT": str(out)}),
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    runtime_pid = 0
    try:
        assert host.stdout is not None
        readable, _, _ = select.select([host.stdout], [], [], 30)
        assert readable, "the host never reported the runtime"
        started = json.loads(host.stdout.readline())
        runtime_pid = started["pid"]
        assert started["port"], "the runtime did not start"
        with session(started["port"]) as client:
            assert "started helpers" in client.run().texts
        pids = json.loads(out.read_text())["pids"]

        host.kill()  # every pipe to the runtime closes with it
        host.wait(5)
        assert wait_until(lambda: not pid_alive(runtime_pid), 2.5), "the runtime outlived its host"
        assert wait_until(lambda: not any(pid_alive(pid) for pid in pids), 2), f"left behind: {pids}"
        assert group_members(runtime_pid) == []
    finally:
        host.kill()
        host.wait(5)
        if host.stdout is not None:
            host.stdout.close()
        if runtime_pid:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(runtime_pid, signal.SIGKILL)
