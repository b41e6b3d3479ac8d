"""Fast-reruns mode: TCP_NODELAY on the app's connections, no post-script GC, same output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import APPS, StartRuntime, runtime_env
from st_client import session

APP = APPS / "runtime_fast" / "app.py"


def _observe(start_runtime: StartRuntime, out: Path, *args: str) -> tuple[dict[str, Any], list[list[str]]]:
    runtime = start_runtime(APP, *args, env=runtime_env({"THREADLIT_TEST_OUT": str(out)}))
    ready = runtime.wait_ready()
    assert ready["fastReruns"] is ("--fast-reruns" in args)
    with session(ready["port"]) as client:
        shown = [client.run().texts for _ in range(3)]
    report = json.loads(out.read_text())
    report["port"] = ready["port"]
    return report, shown


def test_fast_reruns_set_nodelay_and_skip_gc(start_runtime: StartRuntime, tmp_path: Path) -> None:
    fast, fast_shown = _observe(start_runtime, tmp_path / "fast.json", "--fast-reruns")
    plain, plain_shown = _observe(start_runtime, tmp_path / "plain.json")

    def server_side(report: dict[str, Any]) -> list[dict[str, Any]]:
        # The connection the app's own session came in on: local port = the server's port.
        return [s for s in report["sockets"] if s["local"] == report["port"] and s["peer"]]

    assert server_side(fast) and all(s["nodelay"] for s in server_side(fast)), fast
    assert server_side(plain) and not any(s["nodelay"] for s in server_side(plain)), plain
    assert fast["post_script_gc"] is False
    assert plain["post_script_gc"] is True
    assert fast_shown == plain_shown == [["Fast", "line 0", "line 1", "line 2"]] * 3
