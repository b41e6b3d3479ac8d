"""Making the app's process look as it would under `streamlit run`.

The host puts our package's folder on PYTHONPATH and runs `python -m threadlit_runtime`,
which also puts the working directory first on `sys.path`. Under `streamlit run` the
first entry is the folder of the `streamlit` script (the interpreter's bin folder) and
our folder is nowhere. Streamlit itself then puts the app's folder first and sets
`sys.argv`; the working directory is left as the host chose it.
"""

from __future__ import annotations

import os
import shutil
import sys

# The folder that holds the `threadlit_runtime` package.
OWN_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _same(a: str, b: str) -> bool:
    try:
        return os.path.realpath(a or os.curdir) == os.path.realpath(b)
    except (OSError, ValueError):
        return False


def _script_folder() -> str | None:
    """Where `streamlit run` would have been started from: its script's folder."""
    beside = os.path.join(os.path.dirname(sys.executable), "streamlit")
    if os.path.isfile(beside):
        return os.path.dirname(beside)
    found = shutil.which("streamlit")
    return os.path.dirname(os.path.abspath(found)) if found else None


def clean_paths(cwd_first: bool = True) -> None:
    """Remove our own entries from sys.path and PYTHONPATH; replace `-m`'s cwd entry.

    `cwd_first` says sys.path[0] was put there by `python -m` (not under -P).
    """
    safe_path = bool(getattr(sys.flags, "safe_path", False))  # -P: nothing was prepended
    if cwd_first and sys.path and not safe_path:
        script_folder = _script_folder()
        if script_folder is not None:
            sys.path[0] = script_folder
        else:
            del sys.path[0]
    sys.path[:] = [entry for entry in sys.path if not _same(entry, OWN_ROOT)]

    pythonpath = os.environ.get("PYTHONPATH")
    if pythonpath is not None:
        kept = [entry for entry in pythonpath.split(os.pathsep) if not (entry and _same(entry, OWN_ROOT))]
        if any(kept):
            os.environ["PYTHONPATH"] = os.pathsep.join(kept)
        else:
            del os.environ["PYTHONPATH"]
