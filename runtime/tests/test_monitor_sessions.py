"""Two browser sessions at once never see each other's events or writes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from conftest import APPS, RuntimeProcess
from monitor_support import expected, observed, settle
from st_client import FINISHED, StreamlitClient, session


def test_two_concurrent_sessions_stay_apart(
    start_runtime: Callable[..., RuntimeProcess],
) -> None:
    app = APPS / "monitor_two_sessions" / "app.py"
    runtime = start_runtime(app)
    port = runtime.wait_ready()["port"]
    with session(port) as first, session(port) as second:
        # Both runs are in flight together: each worker sleeps before writing.
        clients: list[StreamlitClient] = [first, second]
        for client in clients:
            client.request_rerun()
        runs = [client.wait_for_finish() for client in clients]
        assert [run.status for run in runs] == [FINISHED, FINISHED]
        settle(runtime)

        sessions = [client.session_id for client in clients]
        assert None not in sessions and sessions[0] != sessions[1]
        tokens = []
        for run in runs:
            (token,) = [t.split()[-1] for t in run.texts if t.startswith("session token")]
            tokens.append(token)
            # The context-carrying worker wrote this session's token, in this session.
            assert f"token {token}" in run.texts
        assert tokens[0] != tokens[1]
        for run, other in zip(runs, reversed(tokens), strict=True):
            assert not [t for t in run.texts if other in t]

    # One event per session, each with that session's id and its own count of 1.
    want = expected(app)
    for session_id in sessions:
        assert observed(runtime, session_id) == want
    assert sum(observed(runtime).values()) == 2
    started = Counter(e["session"] for e in runtime.of_type("runStarted"))
    assert started == Counter({sessions[0]: 1, sessions[1]: 1})
    assert {e["run"] for e in runtime.of_type("runStarted")} == {1}
