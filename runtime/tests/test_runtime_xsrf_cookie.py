"""The XSRF cookie the VS Code preview needs in its cross-site iframe: SameSite=None, Secure, Partitioned."""

from __future__ import annotations

import urllib.request

from conftest import APPS, StartRuntime

from threadlit_runtime.xsrf_cookie import partitioned


def _xsrf_cookie(port: int) -> str:
    """The XSRF cookie as the health check sets it (the frontend calls it first)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    found = [c for c in cookies if c.startswith("_streamlit_xsrf=")]
    assert len(found) == 1, cookies
    return found[0]


def test_same_site_none_cookie_is_partitioned(start_runtime: StartRuntime) -> None:
    runtime = start_runtime(APPS / "runtime_basic" / "app.py", "--", "--server.xsrfCookieSameSite=none")
    cookie = _xsrf_cookie(runtime.wait_ready()["port"])
    assert cookie.endswith("; SameSite=None; Secure; Partitioned"), cookie


def test_default_lax_cookie_is_left_alone(start_runtime: StartRuntime) -> None:
    runtime = start_runtime(APPS / "runtime_basic" / "app.py")
    cookie = _xsrf_cookie(runtime.wait_ready()["port"])
    assert cookie.endswith("; SameSite=Lax"), cookie


def test_partitioned_only_for_same_site_none_and_secure() -> None:
    assert partitioned(b"a=1; Path=/; SameSite=None; Secure") == b"a=1; Path=/; SameSite=None; Secure; Partitioned"
    assert partitioned(b"a=1; Path=/; SameSite=None") == b"a=1; Path=/; SameSite=None"
    assert partitioned(b"a=1; Path=/; SameSite=Lax; Secure") == b"a=1; Path=/; SameSite=Lax; Secure"
    done = b"a=1; SameSite=None; Secure; Partitioned"
    assert partitioned(done) == done
