"""The runtime's main sequence, from arguments to exit.

1. Take over the channel (fd 1) and stdin before anything can print or read.
2. Parse arguments, clean sys.path/PYTHONPATH, check Streamlit, the app and the port.
   Any failure: one fatal `error` event, `exit` code 2.
3. Load Streamlit's config with our enforced settings, install the monitor.
4. Serve on the main thread until the server stops, then end descendants and exit.

Note [Threading]: the main thread runs Streamlit's event loop (`bootstrap.run` must be
on the main thread: it installs signal handlers). The command reader and the shutdown
watchdog are daemon threads; Streamlit adds script threads and the app its own.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any, NoReturn

from . import streamlit_config
from .args import parse_arguments
from .bootstrap import ServeOptions, install_signal_handlers, serve
from .channel import Channel
from .commands import CommandReader, take_stdin
from .environment import clean_paths
from .errors import StartupError, check_app, check_port, check_streamlit
from .protocol import EXIT_FAILED, EXIT_OK, error_event, log_event
from .shutdown import Lifecycle


def _install_monitor(emit: Any, app_path: str) -> Any:
    """The monitor, installed; None (and one `monitor-off` event) when it cannot be."""
    try:
        from .monitor import Monitor, MonitorUnavailable
    except ImportError as exc:
        emit(error_event("monitor-off", f"The thread monitor is off: it could not be loaded ({exc}). The app runs."))
        return None
    monitor = Monitor(emit, app_path)
    try:
        monitor.install()
    except MonitorUnavailable as exc:
        emit(error_event("monitor-off", f"The thread monitor is off: {exc}. The app runs without it."))
        return None
    except Exception as exc:  # a monitor bug must not stop the app
        emit(
            error_event(
                "monitor-off",
                f"The thread monitor is off: it failed to install ({type(exc).__name__}: {exc}). The app runs.",
            )
        )
        traceback.print_exc()
        return None
    return monitor


def main(argv: list[str]) -> NoReturn:
    channel = Channel.open()
    emit = channel.emit
    lifecycle = Lifecycle(emit)
    install_signal_handlers(lifecycle)
    reader = CommandReader(take_stdin(), emit, lifecycle, None)
    reader.start()

    try:
        args = parse_arguments(argv)
        clean_paths()
        app_path = os.path.abspath(args.app)
        check_app(app_path)  # first: cheap, and it does not need Streamlit
        version = check_streamlit()
        check_port(streamlit_config.LOOPBACK, args.port)

        def warn(message: str) -> None:
            emit(log_event("warning", message))

        flags = streamlit_config.load(app_path, args.streamlit_flags, args.port, args.fast_reruns, warn)
        monitor = _install_monitor(emit, app_path) if args.monitor else None
        if monitor is not None:
            reader.set_request_threads(monitor.request_threads)
            # The monitor sends events from an outbox thread; uninstalling flushes it, so
            # the last events reach the host before `exit`.
            lifecycle.before_exit(monitor.uninstall)
        options = ServeOptions(app_path, args.script_args, flags, args.fast_reruns, monitor is not None, version)
        serve(options, lifecycle, emit)
    except StartupError as exc:
        emit(error_event(exc.code, exc.message))
        lifecycle.finish(EXIT_FAILED, "error")
    except BaseException as exc:
        sys.stderr.write(traceback.format_exc())
        emit(error_event("internal", f"The runtime failed: {type(exc).__name__}: {exc} (details on stderr)."))
        lifecycle.finish(EXIT_FAILED, "error")
    lifecycle.finish(EXIT_OK)
