"""Every error a user will hit before the app runs: one fatal `error` naming the fix, then `exit` 2."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PYTHON, RuntimeProcess, StartRuntime, WriteApp, runtime_env


def _fails_with(runtime: RuntimeProcess, code: str) -> str:
    assert runtime.wait_exit(timeout=20) == 2, runtime.stderr[-2000:]
    assert runtime.bad_lines == []
    kinds = [(e["type"], e.get("code")) for e in runtime.events]
    assert kinds == [("error", code), ("exit", 2)], runtime.events
    error = runtime.events[0]
    assert error["fatal"] is True
    assert runtime.events[1]["reason"] == "error"
    return str(error["message"])


def test_interpreter_without_streamlit(start_runtime: StartRuntime, write_app: WriteApp, tmp_path: Path) -> None:
    venv = tmp_path / "bare-venv"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    python = str(venv / "bin" / "python")
    app = write_app("import streamlit as st\nst.write('hi')\n")
    message = _fails_with(start_runtime(app, python=python), "streamlit-missing")
    assert f"{python} -m pip install streamlit" in message


def test_streamlit_too_old(start_runtime: StartRuntime, write_app: WriteApp, tmp_path: Path) -> None:
    fake = tmp_path / "fake-site" / "streamlit"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('__version__ = "1.30.0"\n')
    app = write_app("import streamlit as st\n")
    env = runtime_env()
    env["PYTHONPATH"] = env["PYTHONPATH"] + ":" + str(fake.parent)
    message = _fails_with(start_runtime(app, env=env), "streamlit-too-old")
    assert "1.30.0" in message and "1.40" in message
    assert "pip install --upgrade streamlit" in message


def test_app_file_missing(start_runtime: StartRuntime, tmp_path: Path) -> None:
    missing = tmp_path / "nope.py"
    message = _fails_with(start_runtime(missing, cwd=tmp_path), "app-not-found")
    assert str(missing) in message and "does not exist" in message


def test_syntax_error_names_file_and_line(start_runtime: StartRuntime, write_app: WriteApp) -> None:
    app = write_app("import streamlit as st\n\nst.write('ok')\nif True print('x')\n")
    message = _fails_with(start_runtime(app), "syntax-error")
    assert f"{app}:4" in message
    assert "SyntaxError" in message


def test_requested_port_busy_is_an_error_not_a_switch(start_runtime: StartRuntime, write_app: WriteApp) -> None:
    app = write_app("import streamlit as st\nst.write('hi')\n")
    holder = socket.socket()
    try:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        message = _fails_with(start_runtime(app, "--port", str(port)), "port-busy")
        assert f"Port {port}" in message
    finally:
        holder.close()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--bogus",), "Unknown option '--bogus'"),
        (("--port", "http"), "--port must be a number"),
        (("--", "--server.noSuchThing=1"), "--server.noSuchThing is not a Streamlit config option"),
        (("--", "notaflag"), "'notaflag' is not a Streamlit flag"),
        (("--", "--server.maxUploadSize=lots"), "not a valid int"),
    ],
)
def test_bad_arguments(start_runtime: StartRuntime, write_app: WriteApp, args: tuple[str, ...], needle: str) -> None:
    app = write_app("import streamlit as st\n")
    message = _fails_with(start_runtime(app, *args), "bad-arguments")
    assert needle in message


def test_no_app_argument(start_runtime: StartRuntime, tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [PYTHON, "-m", "threadlit_runtime"],
        cwd=tmp_path,
        env=runtime_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    runtime = RuntimeProcess(proc)
    try:
        assert "app file is missing" in _fails_with(runtime, "bad-arguments")
    finally:
        runtime.kill_group()


def _old_python(tmp_path: Path) -> tuple[str, dict[str, str]]:
    """A Python older than 3.10: a real one when the machine has it, else a simulated one."""
    for name in ("python3.9", "python3.8", "python3.7"):
        found = shutil.which(name)
        if found and subprocess.run([found, "-c", "pass"], capture_output=True, check=False).returncode == 0:
            return found, runtime_env()
    # Simulated: the interpreter reports 3.9 before the runtime's entry point runs.
    (tmp_path / "sitecustomize.py").write_text("import sys\nsys.version_info = (3, 9, 18, 'final', 0)\n")
    env = runtime_env()
    env["PYTHONPATH"] += ":" + str(tmp_path)
    return PYTHON, env


def test_python_too_old(start_runtime: StartRuntime, write_app: WriteApp, tmp_path: Path) -> None:
    python, env = _old_python(tmp_path)
    app = write_app("import streamlit as st\n")
    message = _fails_with(start_runtime(app, python=python, env=env), "python-too-old")
    assert "needs Python 3.10 or newer" in message
    assert "3.9" in message or "3.8" in message or "3.7" in message
