"""Starting Streamlit's server in this process, the way `streamlit run` does.

We follow `streamlit.web.cli._main_run`: set the main script path, load the config,
then `streamlit.web.bootstrap.run(app, False, args, flags)` on the main thread (it
installs signal handlers and blocks in an asyncio loop until the server stops).

Three module functions are wrapped, all looked up by global name at call time:

* `bootstrap._on_server_start(server)` runs on the event loop right after the server
  listens: the readiness hook. It hands the loop and server to the lifecycle and emits
  `ready` (a health check sent at that moment already answers `ok`).
* `bootstrap._set_up_signal_handler(server)` is replaced, so SIGTERM/SIGINT/SIGQUIT run
  our shutdown sequence (which also ends descendants) instead of only `server.stop`.
* `starlette_server._bind_socket(...)` tells us a requested port was busy (Streamlit
  would log and `sys.exit(1)`), and in fast-reruns mode turns on TCP_NODELAY.

One more, for the VS Code preview: `starlette_routes._set_unquoted_cookie` adds
`Partitioned` to a `SameSite=None` XSRF cookie (see xsrf_cookie.py).
"""

from __future__ import annotations

import asyncio
import errno
import os
import platform
import signal
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import StartupError, port_busy_message
from .fast_reruns import nodelay_socket
from .shutdown import Lifecycle
from .streamlit_config import LOOPBACK
from .xsrf_cookie import partition_cross_site_xsrf_cookie


@dataclass
class ServeOptions:
    app_path: str
    script_args: list[str]
    flag_options: dict[str, Any]
    fast_reruns: bool
    monitor: bool
    streamlit_version: str


def app_url(port: int) -> str:
    from streamlit import config

    scheme = "https" if config.get_option("server.sslCertFile") else "http"
    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"{scheme}://{LOOPBACK}:{port}/" + (f"{base}/" if base else "")


def install_signal_handlers(lifecycle: Lifecycle) -> None:
    """SIGTERM, SIGINT, SIGHUP and SIGQUIT all mean: shut down cleanly, now."""

    def handler(signum: int, frame: Any) -> None:
        lifecycle.request_stop("signal")

    for name in ("SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT"):
        sig = getattr(signal, name, None)
        if sig is not None:
            signal.signal(sig, handler)


def serve(options: ServeOptions, lifecycle: Lifecycle, emit: Callable[[dict[str, Any]], None]) -> None:
    """Run the server until it stops. Raises StartupError when it cannot start."""
    from streamlit import config
    from streamlit.web import bootstrap

    busy: list[OSError] = []

    try:
        from streamlit.web.server.starlette import starlette_server
    except ImportError:  # Tornado-based Streamlit (< 1.5x): no socket hook, port pre-checked
        starlette_server = None

    if starlette_server is not None and hasattr(starlette_server, "_bind_socket"):
        original_bind = starlette_server._bind_socket

        def bind_socket(address: str, port: int, backlog: int) -> socket.socket:
            try:
                sock = original_bind(address, port, backlog)
            except OSError as exc:
                if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                    busy.append(exc)
                raise
            return nodelay_socket(sock) if options.fast_reruns else sock

        starlette_server._bind_socket = bind_socket

    partition_cross_site_xsrf_cookie()
    original_on_start = bootstrap._on_server_start

    def on_server_start(server: Any) -> None:
        original_on_start(server)
        port = int(config.get_option("server.port"))
        lifecycle.serving(asyncio.get_running_loop(), server)
        emit(
            {
                "type": "ready",
                "url": app_url(port),
                "port": port,
                "streamlitVersion": options.streamlit_version,
                "pythonVersion": platform.python_version(),
                "pid": os.getpid(),
                "monitor": options.monitor,
                "fastReruns": options.fast_reruns,
            }
        )

    bootstrap._on_server_start = on_server_start
    bootstrap._set_up_signal_handler = lambda server: install_signal_handlers(lifecycle)

    try:
        bootstrap.run(options.app_path, False, options.script_args, options.flag_options)
    except SystemExit as exc:
        # Streamlit exits from inside its loop when it cannot bind a chosen port.
        if busy:
            port = int(options.flag_options.get("server.port", 0))
            raise StartupError("port-busy", port_busy_message(port, busy[-1].strerror or "")) from None
        raise StartupError("internal", f"Streamlit's server stopped during startup (exit {exc.code}).") from None
