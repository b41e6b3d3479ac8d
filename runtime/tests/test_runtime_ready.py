"""The runtime starts a real Streamlit server and says so on the channel."""

from __future__ import annotations

import json
import os
import platform
import socket
import urllib.request
from pathlib import Path

import streamlit
from conftest import APPS, StartRuntime, runtime_env, wait_until
from st_client import session


def _listening_addresses(pid: int, port: int) -> list[str]:
    """Local addresses (hex, as in /proc/net/tcp*) of sockets in LISTEN on `port`."""
    found = []
    for table in ("tcp", "tcp6"):
        with open(f"/proc/{pid}/net/{table}", encoding="ascii") as handle:
            for line in handle.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.rsplit(":", 1)
                if state == "0A" and int(hex_port, 16) == port:
                    found.append(f"{table}:{address}")
    return found


def test_ready_event_fields_health_and_loopback_only(start_runtime: StartRuntime) -> None:
    runtime = start_runtime(APPS / "runtime_basic" / "app.py")
    ready = runtime.wait_ready()
    assert ready["v"] == 1
    assert ready["pid"] == runtime.proc.pid
    assert isinstance(ready["port"], int) and ready["port"] > 0
    assert ready["url"] == f"http://127.0.0.1:{ready['port']}/"
    assert ready["streamlitVersion"] == streamlit.__version__
    assert ready["pythonVersion"] == platform.python_version()
    assert ready["fastReruns"] is False
    assert ready["monitor"] is True  # on by default
    assert runtime.of_type("error") == []
    with urllib.request.urlopen(ready["url"] + "_stcore/health", timeout=5) as response:
        assert response.read() == b"ok"
    # The process that reports is the runtime itself, leading its own process group.
    cmdline = Path(f"/proc/{ready['pid']}/cmdline").read_bytes().split(b"\0")
    assert b"threadlit_runtime" in cmdline
    assert os.getpgid(ready["pid"]) == ready["pid"]
    # Bound to 127.0.0.1 only: 0100007F in /proc's little-endian hex; nothing on :: or 0.0.0.0.
    assert _listening_addresses(runtime.proc.pid, ready["port"]) == ["tcp:0100007F"]


def test_user_prints_go_to_stderr_and_never_corrupt_the_channel(start_runtime: StartRuntime) -> None:
    runtime = start_runtime(APPS / "runtime_basic" / "app.py")
    ready = runtime.wait_ready()
    with session(ready["port"]) as client:
        run = client.run()
        assert "hello from runtime_basic" in run.texts
    assert wait_until(lambda: "raw write on fd 1" in runtime.stderr, 5)
    assert "plain print from the app" in runtime.stderr
    assert '"reason":"fake"' in runtime.stderr
    runtime.send({"type": "shutdown"})
    assert runtime.wait_exit() == 0
    assert runtime.bad_lines == []
    assert [e for e in runtime.events if e["type"] == "exit"] == [
        {"v": 1, "type": "exit", "code": 0, "reason": "shutdown"}
    ]


def test_rerun_command_reruns_every_connected_session(start_runtime: StartRuntime) -> None:
    runtime = start_runtime(APPS / "runtime_basic" / "app.py")
    ready = runtime.wait_ready()
    with session(ready["port"]) as first, session(ready["port"]) as second:
        assert "run 1" in first.run().texts
        assert "run 1" in second.run().texts
        before_first, before_second = len(first.runs), len(second.runs)
        runtime.send({"type": "rerun"})
        assert "run 2" in first.wait_for_finish(after=before_first).texts
        assert "run 2" in second.wait_for_finish(after=before_second).texts


def test_threads_command_answers_with_a_snapshot(start_runtime: StartRuntime) -> None:
    runtime = start_runtime(APPS / "runtime_basic" / "app.py")
    runtime.wait_ready()
    mark = runtime.mark()
    runtime.send({"type": "threads"})
    snapshot = runtime.wait_for("threads", after=mark)
    names = [t["name"] for t in snapshot["threads"]]
    assert "MainThread" in names
    for thread in snapshot["threads"]:
        assert set(thread) >= {"name", "id", "daemon", "alive", "session", "run", "streamlit"}


def test_app_args_after_a_second_double_dash(start_runtime: StartRuntime, tmp_path: Path) -> None:
    out = tmp_path / "paths.json"
    runtime = start_runtime(
        APPS / "runtime_paths" / "app.py",
        "--",
        "--theme.base=dark",
        "--",
        "one",
        "--two",
        env=_env(out),
    )
    ready = runtime.wait_ready()
    with session(ready["port"]) as client:
        client.run()
    recorded = json.loads(out.read_text())
    assert recorded["argv"] == [str(APPS / "runtime_paths" / "app.py"), "one", "--two"]
    assert recorded["theme_base"] == "dark"


def _env(out: Path) -> dict[str, str]:
    return runtime_env({"THREADLIT_TEST_OUT": str(out)})


def test_requested_free_port_is_used(start_runtime: StartRuntime) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    runtime = start_runtime(APPS / "runtime_basic" / "app.py", "--port", str(port))
    ready = runtime.wait_ready()
    assert ready["port"] == port
    assert ready["url"] == f"http://127.0.0.1:{port}/"
