"""Command-line arguments of the runtime.

    python -m threadlit_runtime APP [--port N] [--no-monitor] [--fast-reruns]
                                    [-- --section.option=value ... [-- SCRIPT ARGS]]

After the first `--` come Streamlit flags, written as `streamlit run` takes them
(`--theme.base=dark` or `--theme.base dark`); a second `--` starts the app's own
arguments (its `sys.argv[1:]`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import StartupError

_FLAG = re.compile(r"^--([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9_]*)+)(?:=(.*))?$", re.S)


@dataclass
class Arguments:
    app: str
    port: int = 0
    monitor: bool = True
    fast_reruns: bool = False
    #: Streamlit config flags as given, dotted key -> raw string(s).
    streamlit_flags: dict[str, list[str]] = field(default_factory=dict)
    script_args: list[str] = field(default_factory=list)


def _bad(message: str) -> StartupError:
    return StartupError(
        "bad-arguments",
        message + " Usage: python -m threadlit_runtime APP [--port N] "
        "[--no-monitor] [--fast-reruns] [-- --section.option=value ... [-- SCRIPT ARGS]]",
    )


def parse_arguments(argv: list[str]) -> Arguments:
    own, rest = (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    app: str | None = None
    port = 0
    monitor = True
    fast = False
    i = 0
    while i < len(own):
        arg = own[i]
        if arg == "--no-monitor":
            monitor = False
        elif arg == "--fast-reruns":
            fast = True
        elif arg == "--port" or arg.startswith("--port="):
            if arg == "--port":
                i += 1
                if i >= len(own):
                    raise _bad("--port needs a number.")
                value = own[i]
            else:
                value = arg.split("=", 1)[1]
            if not value.isdigit() or not 0 <= int(value) <= 65535:
                raise _bad(f"--port must be a number from 0 to 65535, not {value!r}.")
            port = int(value)
        elif arg.startswith("-") and arg != "-":
            raise _bad(f"Unknown option {arg!r}.")
        elif app is None:
            app = arg
        else:
            raise _bad(f"Only one app file is expected, got {app!r} and {arg!r}.")
        i += 1
    if app is None:
        raise _bad("The app file is missing.")

    flags: dict[str, list[str]] = {}
    script_args: list[str] = []
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--":
            script_args = rest[i + 1 :]
            break
        match = _FLAG.match(arg)
        if not match:
            raise _bad(f"{arg!r} is not a Streamlit flag like --server.maxUploadSize=10.")
        key, value = match.group(1), match.group(2)
        if value is None:
            i += 1
            if i >= len(rest) or rest[i].startswith("--"):
                # A bare boolean flag, as `streamlit run --server.enableCORS` is not valid
                # either; say so rather than guess.
                raise _bad(f"The Streamlit flag --{key} needs a value (--{key}=VALUE).")
            value = rest[i]
        flags.setdefault(key, []).append(value)
        i += 1
    return Arguments(app, port, monitor, fast, flags, script_args)
