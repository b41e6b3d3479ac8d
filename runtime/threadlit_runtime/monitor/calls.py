"""Naming the Streamlit call behind a context-less lookup, and what it will do.

Given the outermost Streamlit frame under the user's line, say which public call it is
(`st.write`, `st.sidebar.write`, `container.write`, `st.session_state`...) and what
Streamlit does with it when there is no context (facts: Streamlit 1.40-1.64):

- a command on a root container (`st.write`) does nothing;
- a write through a handle made earlier (`container.write`, `placeholder.text`) raises
  `NoSessionContext`, because the handle has its own cursor and reaches
  `enqueue_message`; so does `st.switch_page`;
- `st.form` / `st.status` hand back the process-wide main container and mark it,
  which corrupts it for every session;
- `st.session_state` falls back to a process-wide stand-in;
- a `st.cache_data` / `st.cache_resource` function works (the caches are global).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from types import FrameType
from typing import Final, Literal

Verdict = Literal["dropped", "raised", "corrupted", "stand-in", "works"]

_ROOT_PREFIX: Final = {0: "st.", 1: "st.sidebar.", 2: "st.", 3: "st.bottom."}
_CORRUPTING: Final = frozenset({"form", "status"})
_RAISING_COMMANDS: Final = frozenset({"switch_page"})
_SESSION_STATE_FILE: Final = "session_state_proxy.py"
_QUERY_PARAMS_FILE: Final = "query_params_proxy.py"
_FRAGMENT_FILE: Final = f"{os.sep}runtime{os.sep}fragment.py"
# Cached functions work without a context (the caches are process-wide); only their
# spinner is skipped, which is not worth a warning.
_CACHING_DIR: Final = f"{os.sep}runtime{os.sep}caching{os.sep}"


@dataclass(frozen=True)
class CallInfo:
    """The public call (`st.write`) and what it does without a context."""

    name: str
    verdict: Verdict


def describe_call(api: FrameType | None, raising_caller: bool) -> CallInfo:
    """Name the call whose API frame is `api`.

    `raising_caller` is True when the failed lookup came from `enqueue_message`, which
    raises `NoSessionContext` right after it.
    """
    if api is None:
        # The user called `get_script_run_ctx()` directly.
        return CallInfo("get_script_run_ctx", "dropped")
    code = api.f_code
    if code.co_filename.endswith(_SESSION_STATE_FILE):
        return CallInfo("st.session_state", "stand-in")
    if _CACHING_DIR in code.co_filename:
        return CallInfo("cached function", "works")
    if code.co_filename.endswith(_QUERY_PARAMS_FILE):
        return CallInfo("st.query_params", "dropped")
    if code.co_filename.endswith(_FRAGMENT_FILE):
        # A fragment called without a context returns None without running its body.
        return CallInfo("@st.fragment function", "dropped")
    name = code.co_name
    receiver = api.f_locals.get("self")
    # Duck-typed so the monitor does not import DeltaGenerator at module import time.
    if receiver is not None and hasattr(receiver, "_provided_cursor"):
        if getattr(receiver, "_provided_cursor", None) is None:
            root = getattr(receiver, "_root_container", 0)
            prefix = _ROOT_PREFIX.get(root if isinstance(root, int) else 0, "st.")
            if name in _CORRUPTING:
                return CallInfo(prefix + name, "corrupted")
            return CallInfo(prefix + name, "raised" if raising_caller else "dropped")
        # A handle with its own cursor: the write reaches enqueue_message and raises.
        return CallInfo("container." + name, "raised")
    if name in _RAISING_COMMANDS:
        return CallInfo("st." + name, "raised")
    return CallInfo("st." + name, "raised" if raising_caller else "dropped")
