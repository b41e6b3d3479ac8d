"""A test client that plays the browser over Streamlit's websocket.

It connects to `ws://127.0.0.1:PORT/_stcore/stream`, sends `BackMsg.rerun_script` the
way the frontend does (first run, button clicks, fragment auto-reruns) and decodes the
`ForwardMsg`s that come back: the session id, the deltas of each run (element kind,
text, delta path) and the end of each run. Tests and benchmarks use it to drive a real
server; it is synchronous and single-threaded (every wait reads the socket itself, up
to a deadline), so nothing runs behind the caller's back.

    with session(port) as client:
        run = client.run()               # the first run
        assert "Thread 0" in run.texts
        run = client.click("Rerun")      # a button click
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

# ScriptFinishedStatus values, by name, for readable comparisons.
FINISHED = "FINISHED_SUCCESSFULLY"
FINISHED_FOR_RERUN = "FINISHED_EARLY_FOR_RERUN"
FINISHED_COMPILE_ERROR = "FINISHED_WITH_COMPILE_ERROR"
FINISHED_FRAGMENT = "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"

# The proto fields that carry an element's visible text, by element kind.
_TEXT_FIELDS = ("body", "label", "text", "message")


class ClientTimeout(AssertionError):
    """The server did not send what the client waited for before the deadline."""


@dataclass(frozen=True)
class Element:
    """One delta: where it went, what kind of element or block, and its text."""

    path: tuple[int, ...]
    kind: str
    text: str
    #: The widget id for widgets (buttons...), else "".
    widget_id: str = ""
    #: The fragment the delta belongs to, or "".
    fragment_id: str = ""


@dataclass
class Run:
    """The messages of one script run, from `new_session` to `script_finished`."""

    script_run_id: str
    elements: list[Element] = field(default_factory=list)
    status: str | None = None
    #: Deltas that arrived after `script_finished` (late writes from other threads).
    late: list[Element] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        """Texts of this run's elements in arrival order (empty texts left out)."""
        return [e.text for e in self.elements if e.text]

    def page_texts(self) -> list[str]:
        """Texts as the page shows them: by delta path, the last write to a path wins."""
        page: dict[tuple[int, ...], str] = {}
        for element in self.elements + self.late:
            page[element.path] = element.text
        return [page[path] for path in sorted(page) if page[path]]

    @property
    def finished(self) -> bool:
        return self.status is not None


def _element_of(msg: ForwardMsg) -> Element | None:
    """Decode a delta message into an Element, or None for non-delta messages."""
    if msg.WhichOneof("type") != "delta":
        return None
    delta = msg.delta
    path = tuple(msg.metadata.delta_path)
    which = delta.WhichOneof("type")
    if which == "new_element":
        kind = delta.new_element.WhichOneof("type") or ""
        inner = getattr(delta.new_element, kind) if kind else None
    elif which == "add_block":
        kind = "block:" + (delta.add_block.WhichOneof("type") or "")
        inner = None
    else:
        kind, inner = which or "", None
    text = ""
    widget_id = ""
    if inner is not None:
        for name in _TEXT_FIELDS:
            if name in inner.DESCRIPTOR.fields_by_name:
                value = getattr(inner, name)
                if isinstance(value, str) and value:
                    text = value
                    break
        if "id" in inner.DESCRIPTOR.fields_by_name:
            widget_id = str(inner.id)
    return Element(path, kind, text, widget_id, delta.fragment_id)


class StreamlitClient:
    """One browser tab: one websocket, hence one Streamlit session."""

    def __init__(self, port: int, *, host: str = "127.0.0.1", timeout: float = 15.0) -> None:
        self.timeout = timeout
        self.session_id: str | None = None
        self.runs: list[Run] = []
        #: Every decoded message, in order, for assertions that need more than deltas.
        self.messages: list[ForwardMsg] = []
        #: Fragment ids the server asked to auto-rerun (`st.fragment(run_every=...)`).
        self.auto_rerun_fragments: list[str] = []
        self._query_string = ""
        self._page_script_hash = ""
        self._widget_states: dict[str, WidgetState] = {}
        self._ws: ClientConnection = connect(
            f"ws://{host}:{port}/_stcore/stream",
            subprotocols=["streamlit"],  # type: ignore[list-item]
            open_timeout=timeout,
            max_size=None,
        )

    # ---- lifecycle -------------------------------------------------------------------

    def close(self) -> None:
        self._ws.close()

    # ---- sending ---------------------------------------------------------------------

    def request_rerun(
        self,
        *,
        triggers: tuple[str, ...] = (),
        fragment_id: str = "",
        is_auto_rerun: bool = False,
    ) -> None:
        """Send `rerun_script` with the current widget states plus one-shot triggers."""
        state = ClientState(
            query_string=self._query_string,
            page_script_hash=self._page_script_hash,
            fragment_id=fragment_id,
            is_auto_rerun=is_auto_rerun,
        )
        for widget in self._widget_states.values():
            state.widget_states.widgets.append(widget)
        for widget_id in triggers:
            state.widget_states.widgets.append(WidgetState(id=widget_id, trigger_value=True))
        self._ws.send(BackMsg(rerun_script=state).SerializeToString())

    def set_widget(self, widget: WidgetState) -> None:
        """Keep a widget value to send with every later rerun (like the frontend does)."""
        self._widget_states[widget.id] = widget

    # ---- runs ------------------------------------------------------------------------

    def run(self, *, follow_reruns: bool = True) -> Run:
        """Request a run and wait for it to finish; returns the last run.

        With `follow_reruns`, a run ended by `st.rerun()` is followed into the next one.
        """
        started = len(self.runs)
        self.request_rerun()
        return self.wait_for_finish(after=started, follow_reruns=follow_reruns)

    def click(self, label_or_key: str, *, follow_reruns: bool = True) -> Run:
        """Click the button with this label (or key) in the latest run; wait for the run."""
        widget_id = self.button_id(label_or_key)
        started = len(self.runs)
        self.request_rerun(triggers=(widget_id,))
        return self.wait_for_finish(after=started, follow_reruns=follow_reruns)

    def rerun_fragment(self, fragment_id: str, *, auto: bool = True) -> Run:
        """Rerun one fragment, as the frontend does for `run_every`; wait for it."""
        started = len(self.runs)
        self.request_rerun(fragment_id=fragment_id, is_auto_rerun=auto)
        return self.wait_for_finish(after=started, follow_reruns=False)

    def button_id(self, label_or_key: str) -> str:
        """The widget id of the newest button whose label or user key matches."""
        for run in reversed(self.runs):
            for element in reversed(run.elements):
                if not element.kind.endswith("button") or not element.widget_id:
                    continue
                if element.text == label_or_key or element.widget_id.endswith("-" + label_or_key):
                    return element.widget_id
        raise AssertionError(f"no button {label_or_key!r} in {self.all_texts()}")

    def wait_for_finish(self, *, after: int = 0, follow_reruns: bool = True) -> Run:
        """Read until a run started at index >= `after` has finished; return it."""

        def done() -> bool:
            runs = self.runs[after:]
            if not runs or not runs[-1].finished:
                return False
            return not (follow_reruns and runs[-1].status == FINISHED_FOR_RERUN)

        self.read_until(done, what="the run to finish")
        return self.runs[-1]

    def read_until(
        self,
        predicate: Callable[[], bool],
        *,
        timeout: float | None = None,
        what: str = "",
    ) -> None:
        """Read messages until `predicate()` holds; ClientTimeout at the deadline."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ClientTimeout(f"timed out waiting for {what or 'a condition'}; texts: {self.all_texts()}")
            self._read_one(remaining)

    def drain(self, seconds: float) -> None:
        """Read whatever arrives for `seconds` (for late writes that may never come)."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            self._read_one(remaining)

    def all_texts(self) -> list[str]:
        """Texts of every run, including late deltas, in arrival order."""
        return [t for run in self.runs for t in run.texts + [e.text for e in run.late if e.text]]

    # ---- receiving -------------------------------------------------------------------

    def _read_one(self, timeout: float) -> None:
        try:
            data = self._ws.recv(timeout=timeout)
        except TimeoutError:
            return
        except ConnectionClosed as exc:
            raise AssertionError(f"the server closed the websocket: {exc}") from exc
        msg = ForwardMsg()
        msg.ParseFromString(data if isinstance(data, bytes) else data.encode())
        self.messages.append(msg)
        self._handle(msg)

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            new = msg.new_session
            if new.initialize.session_id:
                self.session_id = new.initialize.session_id
            self._page_script_hash = new.page_script_hash or new.main_script_hash
            self.runs.append(Run(new.script_run_id))
        elif kind == "delta":
            element = _element_of(msg)
            if element is None:
                return
            if not self.runs:
                self.runs.append(Run(""))
            run = self.runs[-1]
            (run.late if run.finished else run.elements).append(element)
        elif kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
            if not self.runs or self.runs[-1].finished:
                self.runs.append(Run(""))
            self.runs[-1].status = status
        elif kind == "auto_rerun":
            fragment_id = msg.auto_rerun.fragment_id
            if fragment_id and fragment_id not in self.auto_rerun_fragments:
                self.auto_rerun_fragments.append(fragment_id)


@contextmanager
def session(port: int, *, timeout: float = 15.0) -> Iterator[StreamlitClient]:
    """A connected client that is closed when the block ends."""
    client = StreamlitClient(port, timeout=timeout)
    try:
        yield client
    finally:
        client.close()
