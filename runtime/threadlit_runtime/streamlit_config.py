"""Streamlit's configuration for the runtime: the user's settings plus the ones we enforce.

`streamlit run` merges defaults, `~/.streamlit/config.toml`, the project's
`.streamlit/config.toml`, `STREAMLIT_*` environment variables and command-line flags.
We keep all of that and then enforce what the runtime needs: headless, 127.0.0.1 only,
our port, and runOnSave. When the user asked for something else for one of those, the
host gets a `log` warning instead of a silent surprise.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from .errors import StartupError

LOOPBACK = "127.0.0.1"

_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off"}


def _coerce(key: str, raw: str, kind: type) -> Any:
    """Convert a flag's text to the option's type, as `streamlit run`'s click options do."""
    try:
        if kind is bool:
            lowered = raw.strip().lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
            raise ValueError(raw)
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
    except ValueError:
        raise StartupError(
            "bad-arguments", f"--{key}={raw} is not a valid {kind.__name__} for that Streamlit option."
        ) from None
    return raw


def user_flag_options(raw_flags: dict[str, list[str]]) -> dict[str, Any]:
    """The user's Streamlit flags and STREAMLIT_* variables, typed; flags win over variables."""
    from streamlit import config

    template = config._config_options_template
    options: dict[str, Any] = {}
    for key, option in template.items():
        if option.sensitive:
            continue  # Streamlit reads sensitive variables itself (and never from flags).
        value = os.environ.get(option.env_var)
        if value is None or key in raw_flags:
            continue
        values = value.split() if option.multiple else [value]
        options[key] = (
            [_coerce(key, v, option.type) for v in values] if option.multiple else _coerce(key, values[0], option.type)
        )
    for key, raws in raw_flags.items():
        option = template.get(key)
        if option is None:
            raise StartupError(
                "bad-arguments",
                f"--{key} is not a Streamlit config option. `streamlit config show` lists them.",
            )
        typed = [_coerce(key, raw, option.type) for raw in raws]
        options[key] = typed if option.multiple else typed[-1]
    return options


def enforced_options(port: int, fast_reruns: bool) -> dict[str, Any]:
    """What the runtime needs, whatever the user configured."""
    enforced: dict[str, Any] = {
        "server.headless": True,
        "server.address": LOOPBACK,
        "server.port": port,
        "server.runOnSave": True,
        # The host prints the URL from the `ready` event; the banner would only repeat it.
        "logger.hideWelcomeMessage": True,
    }
    if fast_reruns:
        # See docs/runtime.md: the GC would hold the GIL before `script_finished` is flushed.
        enforced["runner.postScriptGC"] = False
    return enforced


def load(
    app_path: str,
    raw_flags: dict[str, list[str]],
    port: int,
    fast_reruns: bool,
    warn: Callable[[str], None],
) -> dict[str, Any]:
    """Load Streamlit's config for `app_path` and return the flag options to run it with."""
    from streamlit import config
    from streamlit.web import bootstrap

    # As `streamlit run` does, so that `.streamlit/config.toml` next to the app is found.
    config._main_script_path = app_path
    user = user_flag_options(raw_flags)
    bootstrap.load_config_options(flag_options=user)

    enforced = enforced_options(port, fast_reruns)
    for key, value in enforced.items():
        if key == "logger.hideWelcomeMessage" or not config.is_manually_set(key):
            continue
        current = config.get_option(key)
        if current == value or (key == "server.port" and port == 0 and current == 0):
            continue
        where = config.get_where_defined(key)
        if key == "server.port":
            hint = " Use Threadlit's own port setting (--port) to choose one."
        else:
            hint = ""
        shown = "a free port" if key == "server.port" and value == 0 else repr(value)
        warn(f"Ignoring {key} = {current!r} (from {where}): Threadlit runs the app with {key} = {shown}.{hint}")

    options = dict(user)
    options.setdefault("browser.gatherUsageStats", False)
    options.update(enforced)
    # Start from scratch: a reparse over the first one would make Streamlit warn that
    # the [server] section changed and needs a restart.
    config._config_options = None
    bootstrap.load_config_options(flag_options=options)
    return options
