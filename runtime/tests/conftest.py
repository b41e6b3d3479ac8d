"""Shared fixtures: the runtime as a real subprocess, read through its real channel.

`start_runtime(app, *args)` spawns `python -m threadlit_runtime` the way the host does
(its own process group, `runtime/` on PYTHONPATH, cwd = the app's folder) and returns a
`RuntimeProcess`. A reader thread parses every stdout line as an event; tests wait for
events with a deadline (`wait_for`), never with fixed sleeps. Every process started is
killed with its whole process group when the test ends, pass or fail.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

RUNTIME_ROOT = Path(__file__).resolve().parent.parent
APPS = Path(__file__).resolve().parent / "apps"
PYTHON = sys.executable

Event = dict[str, Any]


class RuntimeProcess:
    """A running runtime: its events, its stderr, and ways to talk to it."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc = proc
        self.events: list[Event] = []
        #: stdout lines that were not protocol events: must stay empty.
        self.bad_lines: list[str] = []
        self._stderr: list[str] = []
        self._cond = threading.Condition()
        self._stdout_done = False
        self._threads = [
            threading.Thread(target=self._read_events, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    # ---- reading ----

    def _read_events(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            try:
                event = json.loads(line)
                ok = isinstance(event, dict) and event.get("v") == 1 and "type" in event
            except ValueError:
                ok = False
            with self._cond:
                if ok:
                    self.events.append(event)
                else:
                    self.bad_lines.append(line)
                self._cond.notify_all()
        with self._cond:
            self._stdout_done = True
            self._cond.notify_all()

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        for raw in self.proc.stderr:
            with self._cond:
                self._stderr.append(raw.decode("utf-8", "replace"))

    @property
    def stderr(self) -> str:
        with self._cond:
            return "".join(self._stderr)

    def of_type(self, kind: str) -> list[Event]:
        with self._cond:
            return [e for e in self.events if e["type"] == kind]

    def wait_for(
        self,
        kind: str | None = None,
        where: Callable[[Event], bool] | None = None,
        timeout: float = 15.0,
        after: int = 0,
    ) -> Event:
        """The first event (from index `after`) of `kind` matching `where`; fails at the deadline."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.events[after:]:
                    if (kind is None or event["type"] == kind) and (where is None or where(event)):
                        return event
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stdout_done:
                    break
                self._cond.wait(remaining)
        raise AssertionError(
            f"no {kind or 'matching'} event within {timeout}s; events: {self.events}\n"
            f"stderr tail:\n{self.stderr[-3000:]}"
        )

    def mark(self) -> int:
        """The current event count, to wait only for events that come later."""
        with self._cond:
            return len(self.events)

    def wait_ready(self, timeout: float = 20.0) -> Event:
        event = self.wait_for(where=lambda e: e["type"] in ("ready", "exit"), timeout=timeout)
        assert event["type"] == "ready", f"runtime exited before ready: {self.events}\n{self.stderr[-3000:]}"
        return event

    # ---- writing and ending ----

    def send_raw(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, command: dict[str, Any]) -> None:
        self.send_raw((json.dumps({"v": 1, **command}) + "\n").encode())

    def close_stdin(self) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass

    def wait_exit(self, timeout: float = 10.0) -> int:
        code = self.proc.wait(timeout)
        for thread in self._threads:
            thread.join(timeout)
        return code

    def kill_group(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        for thread in self._threads:
            thread.join(5)
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass


#: The types of the `start_runtime` and `write_app` fixtures, for annotations in tests.
StartRuntime = Callable[..., RuntimeProcess]
WriteApp = Callable[..., Path]


def runtime_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(RUNTIME_ROOT), env.get("PYTHONPATH", "")]))
    env["PYTHONUNBUFFERED"] = "1"
    # A test must not pick up the developer's own Streamlit settings or credentials prompt.
    env.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    env.update(extra or {})
    return env


def spawn_runtime(
    app: str | Path,
    *args: str,
    cwd: str | Path | None = None,
    python: str = PYTHON,
    env: dict[str, str] | None = None,
) -> RuntimeProcess:
    """Start the runtime like the host does: its own process group, pipes on 0/1/2."""
    app = Path(app)
    proc = subprocess.Popen(
        [python, "-m", "threadlit_runtime", str(app), *args],
        cwd=str(cwd if cwd is not None else (app.parent if app.is_absolute() else Path.cwd())),
        env=env if env is not None else runtime_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    return RuntimeProcess(proc)


@pytest.fixture
def start_runtime() -> Iterator[Callable[..., RuntimeProcess]]:
    """Factory fixture: `start_runtime(app, *args, cwd=, python=, env=)`; always cleaned up."""
    started: list[RuntimeProcess] = []

    def start(app: str | Path, *args: str, **kwargs: Any) -> RuntimeProcess:
        runtime = spawn_runtime(app, *args, **kwargs)
        started.append(runtime)
        return runtime

    try:
        yield start
    finally:
        for runtime in started:
            if runtime.proc.poll() is None:
                runtime.close_stdin()
                try:
                    runtime.proc.wait(3)
                except subprocess.TimeoutExpired:
                    pass
            runtime.kill_group()


@pytest.fixture
def write_app(tmp_path: Path) -> Callable[..., Path]:
    """`write_app(source, name="app.py")` writes an app into a fresh folder and returns its path."""

    def write(source: str, name: str = "app.py") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
        return path

    return write


def pid_alive(pid: int) -> bool:
    """True if `pid` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
            stat = handle.read()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2 :].split()[0] not in ("Z", "X")


def group_members(pgid: int) -> list[int]:
    """Live processes in process group `pgid` (read from /proc)."""
    members = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="utf-8", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            members.append(int(name))
    return members


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.02) -> bool:
    """Poll `predicate` until it holds or the deadline passes; returns the last result."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return predicate()
        time.sleep(interval)
