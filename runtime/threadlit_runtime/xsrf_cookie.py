"""The XSRF cookie in a cross-site iframe: `SameSite=None` alone is not enough.

The VS Code preview shows the app in an iframe that is cross-site to the top-level page, and
starts Streamlit with `server.xsrfCookieSameSite=none` so the XSRF cookie (and with it
`st.file_uploader`) works there. Browsers that block third-party cookies, as current Chromium
does by default, still drop an unpartitioned `SameSite=None` cookie in that iframe. A
`Partitioned` one (CHIPS) is kept, in a jar of its own for the top-level site, so we add that
attribute whenever Streamlit sets the cookie with `SameSite=None`. Streamlit has no option for it.

Streamlit's `_ensure_xsrf_cookie` looks `_set_unquoted_cookie` up by global name at call time,
so wrapping the module attribute is enough. Streamlit's token check is unchanged.
"""

from __future__ import annotations

from typing import Any

_PARTITIONED = b"; Partitioned"


def partition_cross_site_xsrf_cookie() -> bool:
    """Wrap Streamlit's cookie writer; False when this Streamlit has none to wrap (Tornado-based)."""
    try:
        from streamlit.web.server.starlette import starlette_routes
    except ImportError:
        return False
    original = getattr(starlette_routes, "_set_unquoted_cookie", None)
    if original is None or getattr(original, "_threadlit_partitioned", False):
        return original is not None

    def set_unquoted_cookie(response: Any, cookie_name: str, cookie_value: str, *args: Any, **kwargs: Any) -> None:
        original(response, cookie_name, cookie_value, *args, **kwargs)
        response.raw_headers = [
            (name, partitioned(value) if name.lower() == b"set-cookie" and is_cookie(value, cookie_name) else value)
            for name, value in response.raw_headers
        ]

    set_unquoted_cookie._threadlit_partitioned = True  # type: ignore[attr-defined]
    starlette_routes._set_unquoted_cookie = set_unquoted_cookie
    return True


def is_cookie(header: bytes, cookie_name: str) -> bool:
    return header.lower().startswith(f"{cookie_name}=".encode("latin-1").lower())


def partitioned(header: bytes) -> bytes:
    """`Partitioned` for a `SameSite=None; Secure` cookie (browsers require both); others as they are."""
    attributes = [part.strip().lower() for part in header.split(b";")[1:]]
    if b"samesite=none" not in attributes or b"secure" not in attributes or b"partitioned" in attributes:
        return header
    return header + _PARTITIONED
