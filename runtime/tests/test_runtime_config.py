"""Streamlit's configuration and the app's process environment under the runtime."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

from conftest import APPS, RUNTIME_ROOT, RuntimeProcess, StartRuntime, runtime_env, wait_until
from st_client import session

VENV_BIN = Path(sys.executable).parent


def _record(
    start_runtime: StartRuntime, app: Path, out: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[RuntimeProcess, dict[str, Any]]:
    runtime = start_runtime(app, *args, env=env or runtime_env({"THREADLIT_TEST_OUT": str(out)}))
    ready = runtime.wait_ready()
    with session(ready["port"]) as client:
        assert "recorded" in client.run().texts
    return runtime, json.loads(out.read_text())


def test_user_config_applies_and_enforced_values_warn(start_runtime: StartRuntime, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    runtime, recorded = _record(start_runtime, APPS / "runtime_config" / "app.py", out)
    # Kept from the project's .streamlit/config.toml:
    assert recorded["max_upload"] == 7
    assert recorded["theme_base"] == "dark"
    # Enforced:
    assert recorded["address"] == "127.0.0.1"
    assert recorded["headless"] is True
    assert recorded["run_on_save"] is True
    warnings = [e["message"] for e in runtime.of_type("log") if e["level"] == "warning"]
    for key in ("server.address", "server.headless", "server.runOnSave", "server.port"):
        assert any(m.startswith(f"Ignoring {key} = ") and "config.toml" in m for m in warnings), (key, warnings)
    assert len(warnings) == 4
    # The requested port 8765 was not used; a free one was.
    assert runtime.of_type("ready")[0]["port"] != 8765


def test_flags_and_environment_variables_apply_and_warn(start_runtime: StartRuntime, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    env = runtime_env({"THREADLIT_TEST_OUT": str(out), "STREAMLIT_SERVER_PORT": "8123"})
    runtime, recorded = _record(
        start_runtime,
        APPS / "runtime_paths" / "app.py",
        out,
        "--",
        "--server.maxUploadSize=12",
        "--server.headless",
        "false",
        env=env,
    )
    assert recorded["max_upload"] == 12
    assert recorded["headless"] is True
    warnings = sorted(e["message"].split(" = ")[0] for e in runtime.of_type("log") if e["level"] == "warning")
    assert warnings == ["Ignoring server.headless", "Ignoring server.port"]
    assert not any("config option section was detected" in line for line in runtime.stderr.splitlines())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_paths_argv_and_cwd_match_plain_streamlit_run(start_runtime: StartRuntime, tmp_path: Path) -> None:
    """The app sees what `streamlit run` gives it: no trace of the runtime's own folder."""
    app = APPS / "runtime_paths" / "app.py"
    user_lib = str(tmp_path / "userlib")
    base_env = dict(os.environ, PYTHONPATH=user_lib)
    ours_out, plain_out = tmp_path / "ours.json", tmp_path / "plain.json"

    ours_env = dict(base_env, THREADLIT_TEST_OUT=str(ours_out))
    ours_env["PYTHONPATH"] = f"{RUNTIME_ROOT}{os.pathsep}{user_lib}"
    _, ours = _record(start_runtime, app, ours_out, "--", "--", "arg1", env=ours_env)

    port = _free_port()
    plain = subprocess.Popen(
        [
            str(VENV_BIN / "streamlit"),
            "run",
            str(app),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--",
            "arg1",
        ],
        cwd=app.parent,
        env=dict(base_env, THREADLIT_TEST_OUT=str(plain_out)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:

        def healthy() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as response:
                    return response.read() == b"ok"
            except OSError:
                return False

        assert wait_until(healthy, 20, interval=0.05)
        with session(port) as client:
            client.run()
        reference = json.loads(plain_out.read_text())
    finally:
        plain.kill()
        plain.wait(5)

    for key in ("sys_path", "pythonpath", "argv", "cwd", "main_file"):
        assert ours[key] == reference[key], key
    assert str(RUNTIME_ROOT) not in ours["sys_path"]
