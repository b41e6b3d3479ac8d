"""The Streamlit internals the monitor hooks, looked up once and checked.

If any of them is missing or has changed shape, `resolve()` raises
`MonitorUnavailable` naming it, and the app runs without the monitor.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Any

from .errors import MonitorUnavailable

_STOPPED = (
    "SCRIPT_STOPPED_WITH_SUCCESS",
    "SCRIPT_STOPPED_WITH_COMPILE_ERROR",
    "SCRIPT_STOPPED_FOR_RERUN",
    "FRAGMENT_STOPPED_WITH_SUCCESS",
)


@dataclass(frozen=True)
class StreamlitInternals:
    get_script_run_ctx: types.FunctionType
    enqueue_message_code: types.CodeType
    ctx_attr: str
    runner_cls: type
    script_runner_module: types.ModuleType
    no_session_context: type[BaseException]
    ev_enqueue: Any
    ev_started: Any
    ev_stopped: frozenset[Any]
    ev_compile_error: Any
    ev_for_rerun: Any
    ev_shutdown: Any

    @classmethod
    def resolve(cls) -> StreamlitInternals:
        try:
            from streamlit.errors import NoSessionContext
            from streamlit.runtime.scriptrunner import script_runner
            from streamlit.runtime.scriptrunner_utils import script_run_context
            from streamlit.runtime.state import session_state_proxy
        except ImportError as exc:
            raise MonitorUnavailable(f"a Streamlit module moved ({exc})") from exc
        try:
            from streamlit.runtime.scriptrunner_utils.script_run_context_attr import (
                SCRIPT_RUN_CONTEXT_ATTR_NAME as ctx_attr,
            )
        except ImportError:  # before 1.6x the constant lived in script_run_context
            ctx_attr = getattr(script_run_context, "SCRIPT_RUN_CONTEXT_ATTR_NAME", None)
        if not isinstance(ctx_attr, str):
            raise MonitorUnavailable("the ScriptRunContext thread attribute is not found")

        get_ctx = getattr(script_run_context, "get_script_run_ctx", None)
        enqueue = getattr(script_run_context, "enqueue_message", None)
        if not isinstance(get_ctx, types.FunctionType) or not isinstance(enqueue, types.FunctionType):
            raise MonitorUnavailable("get_script_run_ctx / enqueue_message are not plain functions")
        runner_cls = getattr(script_runner, "ScriptRunner", None)
        events = getattr(script_runner, "ScriptRunnerEvent", None)
        if runner_cls is None or events is None:
            raise MonitorUnavailable("ScriptRunner / ScriptRunnerEvent are not found")
        if not callable(getattr(script_runner, "exec_func_with_error_handling", None)):
            raise MonitorUnavailable("script_runner.exec_func_with_error_handling is not found")
        if not hasattr(session_state_proxy, "get_session_state"):
            raise MonitorUnavailable("session_state_proxy.get_session_state is not found")
        try:
            stopped = frozenset(getattr(events, name) for name in _STOPPED)
            return cls(
                get_script_run_ctx=get_ctx,
                enqueue_message_code=enqueue.__code__,
                ctx_attr=ctx_attr,
                runner_cls=runner_cls,
                script_runner_module=script_runner,
                no_session_context=NoSessionContext,
                ev_enqueue=events.ENQUEUE_FORWARD_MSG,
                ev_started=events.SCRIPT_STARTED,
                ev_stopped=stopped,
                ev_compile_error=events.SCRIPT_STOPPED_WITH_COMPILE_ERROR,
                ev_for_rerun=events.SCRIPT_STOPPED_FOR_RERUN,
                ev_shutdown=events.SHUTDOWN,
            )
        except AttributeError as exc:
            raise MonitorUnavailable(f"a ScriptRunnerEvent is missing ({exc})") from exc
