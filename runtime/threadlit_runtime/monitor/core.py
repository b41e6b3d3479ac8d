"""The thread-context monitor: hooks into Streamlit in-process and reports problems.

Hook points (Streamlit 1.40-1.64; none of them reads Streamlit's logging):

* `get_script_run_ctx` gets a trampoline body (see `patches.py`): a lookup that finds
  no context, from user code, is a `missing-context`, `session-state-without-context`
  or `global-corruption` event, depending on the call (see `calls.py`).
* `ScriptRunner.start` connects a receiver to each runner's `on_event` signal: run
  start and end (`runStarted` / `runFinished`, the outliving-thread scan) and every
  message a thread other than the script thread enqueues (`outlived-run` writes that
  Streamlit drops, `wrong-run-write`s that land in a later run).
* `script_runner.exec_func_with_error_handling` is wrapped to learn how a run ended.
* `threading.Thread.start` records who started each thread, from where, for which run.
* `threading.excepthook` turns uncaught exceptions in user threads into
  `thread-exception` events, folding a `NoSessionContext` into its `missing-context`.

Nothing walks the stack on the hot path of a call that has a context: the trampoline
only calls the hook after a failed lookup, and the `on_event` receiver returns at once
for the script thread and for a worker writing into its own, unfinished run.

Note [Threading]: the hooks run on the threads that trigger them: the script threads
(run events), user threads (lookups, writes, exceptions, starts), the event loop. Shared
state is the per-session run counter (guarded by `_lock`), the event log (its own
lock), the per-thread records (each written by the thread that starts or runs it), and
the per-thread "current call" frames (keyed by thread), and the last snapshot (its own
lock). The flusher thread re-emits throttled counts and `threads` snapshots;
`request_threads` runs on the stdin reader. Events leave through the outbox thread.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from types import FrameType
from typing import Any, Final

from .calls import describe_call
from .events import EventLog, Kind, Outcome, Record
from .frames import (
    Site,
    current_user_site,
    find_call_site,
    first_foreign_owner,
    traceback_touches,
    traceback_user_site,
)
from .outbox import Outbox
from .patches import AttributePatch, CodeTrampoline
from .streamlit_api import StreamlitInternals
from .threads import (
    RECORD_ATTR,
    RUN_ATTR,
    RunState,
    ThreadRecord,
    record_of,
    run_state_of,
    runner_of,
    thread_id,
)

Emit = Callable[[dict[str, Any]], None]

FLUSHER_NAME: Final = "threadlit-monitor"
#: Snapshots and throttled re-emissions happen at most this often.
TICK: Final = 0.25


class Monitor:
    """Installs the hooks and turns what they see into channel events."""

    def __init__(self, emit: Emit, app_path: str) -> None:
        self._channel_emit = emit
        self._outbox = Outbox(emit)
        # Sites are found by who owns a frame (see frames.py), not by the app's path, so
        # modules the app imports count as its code too.
        self._app_name = os.path.basename(app_path)
        self._log = EventLog(self._emit)
        self._patches: list[AttributePatch | CodeTrampoline] = []
        self._lock = threading.Lock()
        self._runs_per_session: dict[str, int] = {}
        # Thread ident -> the API frame of the last context-less call on that thread,
        # so the several lookups one call makes count once. Holding the frame keeps
        # its identity unique until the thread's next failing call replaces it.
        self._current_call: dict[int, FrameType | None] = {}
        self._exec_result = threading.local()
        self._installed = False
        self._internal_error_reported = False
        self._stop = threading.Event()
        self._flusher: threading.Thread | None = None
        self._snapshot_lock = threading.Lock()
        self._snapshot_signature: object = None
        self._snapshot_at = 0.0
        self._st: StreamlitInternals | None = None

    # ---- public interface --------------------------------------------------------

    def install(self) -> None:
        """Hook Streamlit and threading. Raises MonitorUnavailable, leaving nothing."""
        if self._installed:
            return
        st = StreamlitInternals.resolve()
        self._st = st
        try:
            self._patches.append(CodeTrampoline(st.get_script_run_ctx, self._on_missing_context))
            self._patches.append(AttributePatch(st.runner_cls, "start", self._wrap_runner_start(st.runner_cls.start)))
            self._patches.append(
                AttributePatch(
                    st.script_runner_module,
                    "exec_func_with_error_handling",
                    self._wrap_exec(st.script_runner_module.exec_func_with_error_handling),
                )
            )
            self._patches.append(AttributePatch(threading.Thread, "start", self._wrap_start(threading.Thread.start)))
            self._patches.append(AttributePatch(threading, "excepthook", self._excepthook))
        except BaseException:
            self._undo_patches()
            raise
        self._original_excepthook: Callable[[Any], object] = self._patches[-1].original
        self._installed = True
        self._stop.clear()
        self._outbox = Outbox(self._channel_emit)
        self._outbox.start()
        self._flusher = threading.Thread(target=self._flush_loop, name=FLUSHER_NAME, daemon=True)
        self._flusher.start()

    def uninstall(self) -> None:
        """Remove every hook; write out every event still pending before returning."""
        if not self._installed:
            return
        self._installed = False
        self._stop.set()
        if self._flusher is not None and self._flusher is not threading.current_thread():
            self._flusher.join(timeout=1.0)
        self._log.flush(force=True)
        self._undo_patches()
        self._outbox.close()

    def request_threads(self) -> None:
        """Emit pending event counts, then a `threads` snapshot, now.

        Flushing first gives the host a barrier: once user threads are gone from a
        requested snapshot, every monitor event before it is final.
        """
        self._log.flush(force=True)
        self._emit_snapshot(force=True)

    def live_user_threads(self) -> list[threading.Thread]:
        """The user's threads that are still running."""
        return [t for t in threading.enumerate() if t.is_alive() and (rec := record_of(t)) is not None and rec.user]

    def events(self) -> list[dict[str, Any]]:
        """The latest state of every monitor event so far."""
        return self._log.events()

    # ---- installation helpers ----------------------------------------------------

    def _emit(self, event: dict[str, Any]) -> None:
        self._outbox.put(event)

    def _undo_patches(self) -> None:
        while self._patches:
            self._patches.pop().undo()

    def _guarded(self, hook: Callable[[], None]) -> None:
        """Run a hook body; a monitor bug is reported once and never reaches the app."""
        try:
            hook()
        except Exception as exc:
            if not self._internal_error_reported:
                self._internal_error_reported = True
                self._emit(
                    {
                        "type": "log",
                        "level": "error",
                        "message": f"threadlit monitor ({self._app_name}): internal error, "
                        "the app keeps running; " + "".join(traceback.format_exception(exc)).rstrip(),
                    }
                )

    def _wrap_runner_start(self, original: Callable[..., None]) -> Callable[..., None]:
        monitor = self

        @functools.wraps(original)
        def start(runner: Any, *args: Any, **kwargs: Any) -> None:
            # Connected at start(), after the AppSession's own receiver: blinker calls
            # receivers in connection order, so the session forwards each event to the
            # browser before the monitor spends any time on it.
            # weak=False: the receiver is a bound method that must live with the runner.
            runner.on_event.connect(monitor._on_runner_event, weak=False)
            original(runner, *args, **kwargs)

        return start

    def _wrap_exec(self, original: Callable[..., Any]) -> Callable[..., Any]:
        results = self._exec_result

        @functools.wraps(original)
        def exec_func_with_error_handling(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            # (result, ran_without_errors, rerun_data, premature_stop, uncaught_exception)
            results.value = result
            return result

        return exec_func_with_error_handling

    def _wrap_start(self, original: Callable[[threading.Thread], None]) -> Callable[..., None]:
        monitor = self

        @functools.wraps(original)
        def start(thread: threading.Thread) -> None:
            if monitor._installed:
                monitor._guarded(lambda: monitor._on_thread_start(thread))
            original(thread)

        return start

    # ---- threads -----------------------------------------------------------------

    def _on_thread_start(self, thread: threading.Thread) -> None:
        assert self._st is not None
        attr = self._st.ctx_attr
        parent = threading.current_thread()
        parent_record = record_of(parent)
        parent_ctx = getattr(parent, attr, None)
        parent_runner = runner_of(parent_ctx) if parent_ctx is not None else None
        from_script = parent_runner is not None and getattr(parent_runner, "_script_thread", None) is parent
        user = from_script or (parent_record is not None and parent_record.user)
        site: Site | None = None
        if user:  # only the user's threads need to know where they started
            owner, site = first_foreign_owner(sys._getframe(1))
            user = owner == "user"
        session, run = self._origin(parent, parent_record)
        record = ThreadRecord(user=user, start_site=site, session=session, run=run)
        ctx = getattr(thread, attr, None)
        if ctx is not None:
            record.ctx = ctx
            state = run_state_of(runner_of(ctx))
            record.ctx_run = state.number if state else None
        setattr(thread, RECORD_ATTR, record)

    def _origin(self, thread: threading.Thread, record: ThreadRecord | None) -> tuple[str | None, int | None]:
        """The session and run a thread belongs to: its context's, else its parent's."""
        assert self._st is not None
        ctx = getattr(thread, self._st.ctx_attr, None)
        if ctx is None:
            return (record.session, record.run) if record else (None, None)
        return getattr(ctx, "session_id", None), self._ctx_run(thread, record, ctx)

    def _ctx_run(self, thread: threading.Thread, record: ThreadRecord | None, ctx: Any) -> int | None:
        runner = runner_of(ctx)
        state = run_state_of(runner)
        if thread is getattr(runner, "_script_thread", None):
            return state.number if state else None
        if record is not None and record.ctx is ctx:
            return record.ctx_run
        number = state.number if state else None
        if record is not None:
            # The context was attached after start(): it belongs to the current run.
            record.ctx, record.ctx_run = ctx, number
        return number

    # ---- runs --------------------------------------------------------------------

    def _on_runner_event(self, sender: Any, event: Any = None, **kwargs: Any) -> None:
        st = self._st
        if st is None or not self._installed:
            return
        if event is st.ev_enqueue:
            thread = threading.current_thread()
            if thread is sender._script_thread:
                return  # the hot path: the script thread's own messages
            self._guarded(lambda: self._on_foreign_write(sender, thread))
        elif event is st.ev_started:
            self._guarded(lambda: self._run_started(sender))
        elif event in st.ev_stopped:
            self._guarded(lambda: self._run_finished(sender, event))
        elif event is st.ev_shutdown:
            self._guarded(lambda: self._runner_shutdown(sender))

    def _run_started(self, runner: Any) -> None:
        session = str(runner._session_id)
        with self._lock:
            number = self._runs_per_session.get(session, 0) + 1
            self._runs_per_session[session] = number
        setattr(runner, RUN_ATTR, RunState(session, number, time.monotonic()))
        self._exec_result.value = None
        self._emit({"type": "runStarted", "session": session, "run": number})

    def _run_finished(self, runner: Any, event: Any) -> None:
        st = self._st
        assert st is not None
        state = run_state_of(runner)
        if state is None or state.finished:
            return
        state.finished = True
        result = getattr(self._exec_result, "value", None)
        self._exec_result.value = None
        if event is st.ev_compile_error:
            status = "error"
        elif event is st.ev_for_rerun:
            status = "rerun"
        elif event is st.ev_shutdown:
            status = "stopped"
        elif result is not None and result[4] is not None:
            status = "error"
        elif result is not None and result[3]:
            status = "stopped"
        else:
            status = "ok"
        state.status = status
        self._emit(
            {
                "type": "runFinished",
                "session": state.session,
                "run": state.number,
                "status": status,
                "duration": round(time.monotonic() - state.started, 6),
            }
        )
        self._scan_outliving(runner, state)

    def _runner_shutdown(self, runner: Any) -> None:
        st = self._st
        assert st is not None
        self._run_finished(runner, st.ev_shutdown)  # a run cut short ends here
        state = run_state_of(runner)
        if state is not None:
            state.runner_done = True

    def _scan_outliving(self, runner: Any, state: RunState) -> None:
        """Report the user threads that carry this run's context and are still alive."""
        assert self._st is not None
        attr = self._st.ctx_attr
        script_thread = getattr(runner, "_script_thread", None)
        for thread in threading.enumerate():
            ctx = getattr(thread, attr, None)
            if ctx is None or thread is script_thread or runner_of(ctx) is not runner:
                continue
            record = record_of(thread)
            if record is None or not record.user:
                continue
            if self._ctx_run(thread, record, ctx) != state.number:
                continue
            if state.number in record.outlived or not thread.is_alive():
                continue
            record.outlived.add(state.number)
            site = record.start_site or current_user_site(thread.ident)
            self._report(
                thread,
                record,
                "outlived-run",
                state.session,
                state.number,
                site,
                "threading.Thread",
                "alive",
                f"Thread '{thread.name}' carries the context of run {state.number} and is "
                f"still running after that run finished; its Streamlit calls go nowhere "
                f"(or into a later run). Join it before the script ends.",
            )

    def _on_foreign_write(self, runner: Any, thread: threading.Thread) -> None:
        """A thread other than the script thread enqueued a message through `runner`."""
        record = record_of(thread)
        state = run_state_of(runner)
        if record is None or not record.user or state is None:
            return
        assert self._st is not None
        ctx = getattr(thread, self._st.ctx_attr, None)
        run = self._ctx_run(thread, record, ctx) if ctx is not None else state.number
        if run == state.number and not state.finished:
            return  # a worker writing into its own run: fine
        # Which run the write lands in: the runner's current one, or, between a run
        # ended by st.rerun() and the next, the next one; None when it is dropped.
        landing: int | None = None
        if not state.finished:
            landing = state.number
        elif state.status == "rerun" and not state.runner_done:
            landing = state.number + 1
        call = find_call_site(sys._getframe(1))
        site = call.site if call else None
        name = describe_call(call.api if call else None, False).name
        if run is not None and landing is not None and run != landing:
            self._report(
                thread,
                record,
                "wrong-run-write",
                state.session,
                run,
                site,
                name,
                "wrong-run",
                f"{name} in thread '{thread.name}' belongs to run {run}, but that run is "
                f"over: the rerun (st.rerun()) reused its context, so the write landed in run "
                f"{landing}. Join the thread before the script reruns.",
            )
        else:
            self._report(
                thread,
                record,
                "outlived-run",
                state.session,
                run,
                site,
                name,
                "dropped",
                f"{name} in thread '{thread.name}' came after run {run} finished; "
                f"Streamlit dropped it. Join the thread before the script ends.",
            )

    # ---- context-less calls ------------------------------------------------------

    def _on_missing_context(self) -> None:
        """Called by the trampoline after a lookup found no context (failure path)."""
        if not self._installed:
            return
        # 0: this method, 1: the trampoline, 2: whoever called get_script_run_ctx.
        caller = sys._getframe(2)
        self._guarded(lambda: self._missing_context(caller))

    def _missing_context(self, caller: FrameType) -> None:
        st = self._st
        assert st is not None
        call = find_call_site(caller)
        if call is None:
            return  # Streamlit's own lookups, with no user code on the stack
        thread = threading.current_thread()
        ident = thread.ident or 0
        record = record_of(thread)
        raising = caller.f_code is st.enqueue_message_code
        if call.api is not None and self._current_call.get(ident) is call.api:
            # A later lookup of the same call. Only news if it is about to raise.
            last = record.last_record if record else None
            if raising and last is not None and last.outcome == "dropped":
                self._log.update_outcome(last, "raised", _missing_message(last.call, thread.name, "raised"))
            return
        self._current_call[ident] = call.api
        info = describe_call(call.api, raising)
        if info.verdict == "works":
            return
        session, run = self._origin(thread, record)
        if info.verdict == "stand-in":
            self._report(
                thread,
                record,
                "session-state-without-context",
                session,
                run,
                call.site,
                info.name,
                "dropped",
                f"st.session_state in thread '{thread.name}' has no ScriptRunContext: it "
                f"used a process-wide stand-in that no session sees. Attach the script's "
                f"context (add_script_run_ctx) or hand the value back to the script thread.",
            )
        elif info.verdict == "corrupted":
            self._report(
                thread,
                record,
                "global-corruption",
                session,
                run,
                call.site,
                info.name,
                "corrupted",
                f"{info.name} in thread '{thread.name}' has no ScriptRunContext: Streamlit "
                f"returned its process-wide main container and changed it, which breaks "
                f"widgets for every session until the server restarts.",
            )
        else:
            outcome: Outcome = "raised" if info.verdict == "raised" else "dropped"
            self._report(
                thread,
                record,
                "missing-context",
                session,
                run,
                call.site,
                info.name,
                outcome,
                _missing_message(info.name, thread.name, outcome),
            )

    # ---- uncaught exceptions in threads ------------------------------------------

    def _excepthook(self, args: Any) -> None:
        if self._installed:
            self._guarded(lambda: self._thread_exception(args))
        self._original_excepthook(args)

    def _thread_exception(self, args: Any) -> None:
        st = self._st
        assert st is not None
        thread: threading.Thread | None = args.thread
        record = record_of(thread)
        if thread is None or record is None or not record.user:
            return
        exc_type, exc, tb = args.exc_type, args.exc_value, args.exc_traceback
        if exc_type is None or issubclass(exc_type, SystemExit):
            return
        last = record.last_record
        if issubclass(exc_type, st.no_session_context):
            if last is not None and last.kind == "missing-context":
                if last.outcome != "raised":
                    self._log.update_outcome(last, "raised", _missing_message(last.call, thread.name, "raised"))
                return  # folded: the missing-context event already tells the story
            session, run = self._origin(thread, record)
            self._report(
                thread,
                record,
                "missing-context",
                session,
                run,
                traceback_user_site(tb),
                "streamlit",
                "raised",
                _missing_message("a Streamlit call", thread.name, "raised"),
            )
            return
        if (
            issubclass(exc_type, (KeyError, AttributeError))
            and last is not None
            and last.kind == "session-state-without-context"
            and traceback_touches(tb, "session_state_proxy.py")
        ):
            self._log.update_outcome(
                last,
                "raised",
                f"st.session_state in thread '{thread.name}' has no ScriptRunContext: it read "
                f"a process-wide stand-in that no session sees, and the key was missing "
                f"({exc_type.__name__}). Attach the script's context or pass the value in.",
            )
            return
        session, run = self._origin(thread, record)
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        self._report(
            thread,
            record,
            "thread-exception",
            session,
            run,
            traceback_user_site(tb),
            "",
            "exception",
            f"Uncaught {exc_type.__name__} in thread '{thread.name}': {exc}",
            traceback_text=text,
        )

    # ---- reporting and the flusher -----------------------------------------------

    def _report(
        self,
        thread: threading.Thread,
        record: ThreadRecord | None,
        kind: Kind,
        session: str | None,
        run: int | None,
        site: Site | None,
        call: str,
        outcome: Outcome,
        message: str,
        *,
        traceback_text: str | None = None,
    ) -> None:
        counted = self._log.report(
            Record(
                kind=kind,
                thread_name=thread.name,
                thread_id=thread_id(thread),
                session=session,
                run=run,
                site=site,
                call=call,
                outcome=outcome,
                message=message,
                traceback=traceback_text,
            )
        )
        if record is not None:
            record.last_record = counted

    def _flush_loop(self) -> None:
        # A fixed tick rather than wake-ups: waking this thread on every run would make
        # it compete with the script thread for the GIL on each rerun.
        while not self._stop.wait(TICK):
            self._guarded(self._tick)

    def _tick(self) -> None:
        # Every snapshot follows a flush of all pending counts (the tick is the
        # throttle), so a snapshot without live user threads means the counts are final.
        self._log.flush(force=True)
        self._emit_snapshot(force=False)
        # Forget the call frames of threads that have ended.
        alive = {t.ident for t in threading.enumerate()}
        for ident in [i for i in self._current_call if i not in alive]:
            self._current_call.pop(ident, None)

    def _emit_snapshot(self, *, force: bool) -> None:
        # The flusher and the command reader (a `threads` request) both get here.
        with self._snapshot_lock:
            now = time.monotonic()
            if not force and now - self._snapshot_at < TICK:
                return
            threads = self._snapshot()
            signature = [(t["id"], t["name"], t["alive"], t["session"], t["run"]) for t in threads]
            if not force and signature == self._snapshot_signature:
                return
            self._snapshot_signature = signature
            self._snapshot_at = now
            self._emit({"type": "threads", "threads": threads})

    def _snapshot(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for thread in threading.enumerate():
            if thread is self._flusher or thread is self._outbox.thread:
                continue
            record = record_of(thread)
            session, run = self._origin(thread, record)
            out.append(
                {
                    "name": thread.name,
                    "id": thread_id(thread),
                    "daemon": thread.daemon,
                    "alive": thread.is_alive(),
                    "session": session,
                    "run": run,
                    "streamlit": not (record is not None and record.user),
                }
            )
        return out


def _missing_message(call: str, thread_name: str, outcome: str) -> str:
    if outcome == "raised":
        effect = "it raised NoSessionContext"
    else:
        effect = "Streamlit ignored it"
    return (
        f"{call} in thread '{thread_name}' has no ScriptRunContext: {effect}. Attach the "
        f"script's context before start() (add_script_run_ctx(thread, "
        f"get_script_run_ctx())) or hand the result back to the script thread."
    )
