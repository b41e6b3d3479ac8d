"""Commands on stdin: anything malformed gets an `error` event and the runtime carries on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import APPS, RuntimeProcess

GARBAGE = [
    (b"not json at all\n", "not JSON"),
    (b"[1, 2, 3]\n", "JSON object"),
    (b'{"v": 1}\n', "unknown command type None"),
    (b'{"v": 1, "type": "explode"}\n', "unknown command type 'explode'"),
    (b'{"type": "rerun"}\n', "unsupported protocol version None"),
    (b'{"v": 2, "type": "rerun"}\n', "unsupported protocol version 2"),
    (b'\xff\xfe{"v": 1}\n', "not JSON"),
    (b"x" * 100_000 + b"\n", "not JSON"),
]


@pytest.fixture(scope="module")
def runtime() -> Iterator[RuntimeProcess]:
    """One runtime for all the garbage: each case must leave it usable for the next."""
    from conftest import spawn_runtime

    process = spawn_runtime(APPS / "runtime_basic" / "app.py")
    try:
        process.wait_ready()
        yield process
    finally:
        process.close_stdin()
        process.kill_group()


@pytest.mark.parametrize(("line", "reason"), GARBAGE, ids=[f"case{i}" for i in range(len(GARBAGE))])
def test_garbage_is_reported_and_ignored(runtime: RuntimeProcess, line: bytes, reason: str) -> None:
    mark = runtime.mark()
    runtime.send_raw(line)
    error = runtime.wait_for("error", after=mark)
    assert error["code"] == "bad-command"
    assert error["fatal"] is False
    assert reason in error["message"]
    assert len(error["message"]) < 400  # a huge line is not echoed back whole
    # Still alive and still listening.
    mark = runtime.mark()
    runtime.send({"type": "threads"})
    runtime.wait_for("threads", after=mark)
    assert runtime.proc.poll() is None
    assert runtime.bad_lines == []


def test_blank_lines_and_split_writes(runtime: RuntimeProcess) -> None:
    mark = runtime.mark()
    runtime.send_raw(b"\n   \n")
    runtime.send_raw(b'{"v": 1, "ty')
    runtime.send_raw(b'pe": "threads"}\n')
    runtime.wait_for("threads", after=mark)
    assert [e for e in runtime.events[mark:] if e["type"] == "error"] == []
