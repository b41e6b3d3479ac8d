"""Failures that stop the runtime before the app is served, each with a stable code.

Every message says what to do about it; the host shows it as is. The codes are the
`RuntimeErrorCode` union of the protocol.
"""

from __future__ import annotations

import os
import socket
import sys

MIN_STREAMLIT = (1, 40)


class StartupError(Exception):
    """The app cannot be served; reported as one fatal `error` event, then `exit` 2."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _version_tuple(version: str) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in version.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit()) if piece[:1].isdigit() else ""
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def check_streamlit() -> str:
    """Import Streamlit and return its version, or raise a StartupError naming the fix."""
    install = f"{sys.executable} -m pip install --upgrade streamlit"
    try:
        import streamlit
    except ImportError as exc:
        if getattr(exc, "name", None) == "streamlit":
            raise StartupError(
                "streamlit-missing",
                f"Streamlit is not installed for {sys.executable}. "
                f"Install it with: {sys.executable} -m pip install streamlit",
            ) from None
        raise StartupError(
            "streamlit-missing",
            f"Streamlit is installed for {sys.executable} but cannot be imported ({exc}). Reinstall it with: {install}",
        ) from None
    version = str(getattr(streamlit, "__version__", "0"))
    if _version_tuple(version) < MIN_STREAMLIT:
        wanted = ".".join(map(str, MIN_STREAMLIT))
        raise StartupError(
            "streamlit-too-old",
            f"Streamlit {version} is too old for Threadlit (it needs {wanted} or newer). Upgrade it with: {install}",
        )
    return version


def check_app(app_path: str) -> None:
    """The app file exists and compiles; a syntax error names file:line."""
    if not os.path.isfile(app_path):
        where = "is a folder, not a file" if os.path.isdir(app_path) else "does not exist"
        raise StartupError(
            "app-not-found",
            f"The app file {app_path} {where}. Check the path, or run from the app's folder.",
        )
    try:
        with open(app_path, "rb") as handle:
            source = handle.read()
        compile(source, app_path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        where = f"{exc.filename or app_path}:{exc.lineno or 0}"
        if exc.offset:
            where += f":{exc.offset}"
        raise StartupError(
            "syntax-error",
            f"{where}: {type(exc).__name__}: {exc.msg}. Fix the app's syntax and run it again.",
        ) from None
    except (OSError, ValueError) as exc:
        raise StartupError("app-not-found", f"The app file {app_path} cannot be read: {exc}.") from None


def check_port(address: str, port: int) -> None:
    """A requested port must be free: we never switch to another one silently."""
    if port == 0:
        return
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        # Same options as Streamlit's own bind, so TIME_WAIT leftovers do not count as busy.
        if os.name != "nt":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((address, port))
    except OSError as exc:
        raise StartupError("port-busy", port_busy_message(port, str(exc))) from None
    finally:
        probe.close()


def port_busy_message(port: int, detail: str = "address already in use") -> str:
    return (
        f"Port {port} on 127.0.0.1 is not available ({detail}). "
        f"Stop whatever uses it, or choose another port (or none, for a free one)."
    )
