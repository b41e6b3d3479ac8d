"""Monitor events: one record per (kind, session, run, site), counted and throttled.

A problem that repeats (five workers failing on the same line, a loop writing without a
context) is one event whose `count` grows. The first occurrence is emitted at once;
later counts are re-emitted when `THROTTLE` seconds have passed since the record's
last emission, or by the monitor's periodic flush, so a hot loop cannot flood the
channel. The host keeps the latest event per (kind, session, run, site, call).

Note [Threading]: `report` runs on whatever thread hit the problem (user threads,
script threads, the event loop). One lock guards the records and is held while a
record is emitted, so the lines of one record always leave in count order.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal

from .frames import Site

Kind = Literal[
    "missing-context",
    "session-state-without-context",
    "thread-exception",
    "outlived-run",
    "wrong-run-write",
    "global-corruption",
]
Outcome = Literal["dropped", "raised", "wrong-run", "corrupted", "alive", "exception"]

SEVERITY: Final[dict[str, str]] = {
    "missing-context": "warning",
    "session-state-without-context": "warning",
    "thread-exception": "error",
    "outlived-run": "warning",
    "wrong-run-write": "error",
    "global-corruption": "error",
}

#: Minimum seconds between two emissions of the same record.
THROTTLE: Final = 0.25

Key = tuple[str, str | None, int | None, str, int, str]


@dataclass
class Record:
    """One deduplicated problem and what has been emitted of it."""

    kind: Kind
    thread_name: str
    thread_id: int
    session: str | None
    run: int | None
    site: Site | None
    call: str
    outcome: Outcome
    message: str
    traceback: str | None = None
    count: int = 0
    emitted_count: int = 0
    emitted_outcome: Outcome | None = None
    emitted_at: float = 0.0

    @property
    def dirty(self) -> bool:
        return self.count != self.emitted_count or self.outcome != self.emitted_outcome

    def as_event(self) -> dict[str, Any]:
        event: dict[str, Any] = {
            "type": "monitor",
            "kind": self.kind,
            "severity": SEVERITY[self.kind],
            "thread": {"name": self.thread_name, "id": self.thread_id},
            "session": self.session,
            "run": self.run,
            "site": self.site.as_json() if self.site else None,
            "call": self.call,
            "outcome": self.outcome,
            "count": self.count,
            "message": self.message,
        }
        if self.traceback is not None:
            event["traceback"] = self.traceback
        return event


def record_key(kind: str, session: str | None, run: int | None, site: Site | None, call: str) -> Key:
    return (
        kind,
        session,
        run,
        site.file if site else "",
        site.line if site else 0,
        call,
    )


class EventLog:
    """Deduplicates, counts and emits monitor events."""

    def __init__(self, emit: Callable[[dict[str, Any]], None]) -> None:
        self._emit = emit
        self._lock = threading.Lock()
        self._records: dict[Key, Record] = {}

    def report(self, record: Record, *, new_outcome: Outcome | None = None) -> Record:
        """Count one occurrence of `record` (merged into an existing one); maybe emit.

        Returns the record that holds the count, so callers can update it later.
        """
        key = record_key(record.kind, record.session, record.run, record.site, record.call)
        with self._lock:
            existing = self._records.get(key)
            if existing is None:
                existing = self._records[key] = record
            existing.count += 1
            if new_outcome is not None:
                existing.outcome = new_outcome
            self._maybe_emit(existing, time.monotonic())
            return existing

    def update_outcome(self, record: Record, outcome: Outcome, message: str) -> None:
        """Change what happened to an already-counted problem (e.g. dropped -> raised)."""
        with self._lock:
            record.outcome = outcome
            record.message = message
            self._maybe_emit(record, time.monotonic())

    def flush(self, *, force: bool = False) -> None:
        """Emit every record whose count changed and whose throttle has passed."""
        now = time.monotonic()
        with self._lock:
            for record in self._records.values():
                if record.dirty:
                    if force or now - record.emitted_at >= THROTTLE:
                        self._emit_locked(record, now)

    def events(self) -> list[dict[str, Any]]:
        """The current state of every record (for tests and `check --run`)."""
        with self._lock:
            return [r.as_event() for r in self._records.values()]

    def _maybe_emit(self, record: Record, now: float) -> None:
        # An outcome change is news: emit it now. A higher count can wait its turn.
        if record.outcome != record.emitted_outcome or now - record.emitted_at >= THROTTLE:
            self._emit_locked(record, now)

    def _emit_locked(self, record: Record, now: float) -> None:
        record.emitted_count = record.count
        record.emitted_outcome = record.outcome
        record.emitted_at = now
        self._emit(record.as_event())
