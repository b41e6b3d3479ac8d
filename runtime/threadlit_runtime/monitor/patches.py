"""Reversible patches of Streamlit and the threading module.

Two kinds:

* `AttributePatch` replaces an attribute (a module function, a class method) and puts
  the original back on `undo()`.
* `CodeTrampoline` is for `get_script_run_ctx`, which dozens of Streamlit modules
  import under their own names (one even under an alias). Rebinding the module
  attribute would miss those copies, so instead the *function object* every module
  shares gets a new body: a short trampoline that calls a copy of the original body,
  then our hook when the lookup found no context. One patch covers every holder,
  including modules imported later.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from typing import Any, Final

from .errors import MonitorUnavailable

_MISSING: Final = object()


class AttributePatch:
    """Set `owner.name = value` now; restore the previous value on `undo()`."""

    def __init__(self, owner: Any, name: str, value: Any) -> None:
        original = owner.__dict__.get(name, _MISSING) if hasattr(owner, "__dict__") else _MISSING
        if original is _MISSING:
            raise MonitorUnavailable(f"{_describe(owner)} has no attribute {name!r}")
        self._owner = owner
        self._name = name
        self.original: Any = original
        setattr(owner, name, value)

    def undo(self) -> None:
        setattr(self._owner, self._name, self.original)


# The trampoline's body. Its names are globals of the patched function's module, where
# `CodeTrampoline` puts the copy of the original and the hook.
_TRAMPOLINE_SOURCE: Final = """
def get_script_run_ctx(suppress_warning=False):
    ctx = _threadlit_original_get_script_run_ctx(suppress_warning)
    if ctx is None and not suppress_warning:
        _threadlit_on_missing_context()
    return ctx
"""
_ORIGINAL_NAME: Final = "_threadlit_original_get_script_run_ctx"
_HOOK_NAME: Final = "_threadlit_on_missing_context"


class CodeTrampoline:
    """Give `get_script_run_ctx` a body that calls `hook()` after a failed lookup.

    The hook runs on the looking-up thread, only when the result is None and the
    caller did not pass `suppress_warning=True` (Streamlit's own "is there a context?"
    probes do); calls that find a context pay one extra Python call and nothing else.
    """

    def __init__(self, function: types.FunctionType, hook: Callable[[], None]) -> None:
        params = list(inspect.signature(function).parameters)
        if params != ["suppress_warning"] or function.__code__.co_freevars:
            raise MonitorUnavailable(
                f"get_script_run_ctx has an unexpected signature ({params}); "
                "this Streamlit version is not supported by the monitor"
            )
        namespace: dict[str, Any] = {}
        exec(compile(_TRAMPOLINE_SOURCE, __file__, "exec"), namespace)
        trampoline: types.FunctionType = namespace["get_script_run_ctx"]
        copy = types.FunctionType(
            function.__code__,
            function.__globals__,
            function.__name__,
            function.__defaults__,
            function.__closure__,
        )
        copy.__kwdefaults__ = function.__kwdefaults__
        self._function = function
        self._original_code = function.__code__
        self._globals = function.__globals__
        self._globals[_ORIGINAL_NAME] = copy
        self._globals[_HOOK_NAME] = hook
        function.__code__ = trampoline.__code__
        #: The original body, e.g. to compare caller frames against.
        self.original_code = self._original_code

    def undo(self) -> None:
        self._function.__code__ = self._original_code
        self._globals.pop(_ORIGINAL_NAME, None)
        self._globals.pop(_HOOK_NAME, None)


def _describe(owner: Any) -> str:
    return getattr(owner, "__qualname__", None) or getattr(owner, "__name__", repr(owner))
