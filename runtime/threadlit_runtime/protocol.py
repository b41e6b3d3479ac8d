"""The host <-> runtime channel schema, as data.

This is the Python mirror of `src/protocol/runtime.ts`; `docs/protocol.md` documents
the same messages. The drift test (`test/unit/protocol/drift.test.ts`) reads `schema()`
and fails when the three disagree, so every message, field and union lives here as
plain data rather than as classes. Field types are written in TypeScript notation
because that is the notation the other two sources use.

Events flow runtime -> host on the channel descriptor; commands flow host -> runtime
on stdin. Every message is one JSON object on one line with `v` and `type`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final, Literal

PROTOCOL_VERSION: Final = 1

Direction = Literal["event", "command"]


@dataclass(frozen=True)
class Field:
    """One property of a message or structure: name, TypeScript type, optionality."""

    name: str
    ts_type: str
    optional: bool = False


@dataclass(frozen=True)
class Shape:
    """A message (`direction` set) or a nested structure (`direction` None)."""

    name: str
    fields: tuple[Field, ...]
    direction: Direction | None = None
    #: The wire `type` of a message; None for structures.
    type: str | None = None


# ---- unions of string literals ---------------------------------------------------------

UNIONS: Final[dict[str, tuple[str, ...]]] = {
    "Severity": ("error", "warning", "info"),
    "MonitorKind": (
        "missing-context",
        "session-state-without-context",
        "thread-exception",
        "outlived-run",
        "wrong-run-write",
        "global-corruption",
    ),
    "MonitorOutcome": ("dropped", "raised", "wrong-run", "corrupted", "alive", "exception"),
    "RuntimeErrorCode": (
        "bad-command",
        "bad-arguments",
        "python-too-old",
        "streamlit-missing",
        "streamlit-too-old",
        "app-not-found",
        "syntax-error",
        "port-busy",
        "monitor-off",
        "internal",
    ),
}

# Error codes that come before the server starts; each ends the runtime with EXIT_FAILED.
FATAL_ERROR_CODES: Final = frozenset(
    {
        "bad-arguments",
        "python-too-old",
        "streamlit-missing",
        "streamlit-too-old",
        "app-not-found",
        "syntax-error",
        "port-busy",
        "internal",
    }
)

# Process exit codes of the runtime.
EXIT_OK: Final = 0
EXIT_FAILED: Final = 2


# ---- structures and messages ----------------------------------------------------------

F = Field

STRUCTURES: Final[tuple[Shape, ...]] = (
    Shape(
        "UserSite",
        (F("file", "string"), F("line", "number"), F("function", "string")),
    ),
    Shape(
        "ThreadInfo",
        (
            F("name", "string"),
            F("id", "number"),
            F("daemon", "boolean"),
            F("alive", "boolean"),
            F("session", "string | null"),
            F("run", "number | null"),
            F("streamlit", "boolean"),
        ),
    ),
)

EVENTS: Final[tuple[Shape, ...]] = (
    Shape(
        "ReadyEvent",
        (
            F("url", "string"),
            F("port", "number"),
            F("streamlitVersion", "string"),
            F("pythonVersion", "string"),
            F("pid", "number"),
            F("monitor", "boolean"),
            F("fastReruns", "boolean"),
        ),
        "event",
        "ready",
    ),
    Shape(
        "RunStartedEvent",
        (F("session", "string"), F("run", "number")),
        "event",
        "runStarted",
    ),
    Shape(
        "RunFinishedEvent",
        (
            F("session", "string"),
            F("run", "number"),
            F("status", "'ok' | 'error' | 'stopped' | 'rerun'"),
            F("duration", "number"),
        ),
        "event",
        "runFinished",
    ),
    Shape(
        "MonitorEvent",
        (
            F("kind", "MonitorKind"),
            F("severity", "Severity"),
            F("thread", "{ name: string; id: number }"),
            F("session", "string | null"),
            F("run", "number | null"),
            F("site", "UserSite | null"),
            F("call", "string"),
            F("outcome", "MonitorOutcome"),
            F("count", "number"),
            F("message", "string"),
            F("traceback", "string", optional=True),
        ),
        "event",
        "monitor",
    ),
    Shape("ThreadsEvent", (F("threads", "ThreadInfo[]"),), "event", "threads"),
    Shape(
        "LogEvent",
        (F("level", "'debug' | 'info' | 'warning' | 'error'"), F("message", "string")),
        "event",
        "log",
    ),
    Shape(
        "ErrorEvent",
        (
            F("code", "RuntimeErrorCode"),
            F("message", "string"),
            F("fatal", "boolean"),
        ),
        "event",
        "error",
    ),
    Shape(
        "ExitEvent",
        (
            F("code", "number"),
            F("reason", "'shutdown' | 'stdin-closed' | 'signal' | 'error'"),
        ),
        "event",
        "exit",
    ),
)

COMMANDS: Final[tuple[Shape, ...]] = (
    Shape("RerunCommand", (), "command", "rerun"),
    Shape("ThreadsCommand", (), "command", "threads"),
    Shape("ShutdownCommand", (), "command", "shutdown"),
)

COMMAND_TYPES: Final = frozenset(shape.type for shape in COMMANDS if shape.type)


def schema() -> dict[str, Any]:
    """The whole schema as JSON-ready data, for the drift test."""

    def shape(s: Shape) -> dict[str, Any]:
        return {
            "name": s.name,
            "direction": s.direction,
            "type": s.type,
            "fields": [{"name": f.name, "type": f.ts_type, "optional": f.optional} for f in s.fields],
        }

    return {
        "version": PROTOCOL_VERSION,
        "unions": {name: list(values) for name, values in UNIONS.items()},
        "structures": [shape(s) for s in STRUCTURES],
        "messages": [shape(s) for s in EVENTS + COMMANDS],
    }


# ---- building and parsing --------------------------------------------------------------


def error_event(code: str, message: str) -> dict[str, Any]:
    """An `error` event; `fatal` follows from the code."""
    assert code in UNIONS["RuntimeErrorCode"], code
    return {"type": "error", "code": code, "message": message, "fatal": code in FATAL_ERROR_CODES}


def log_event(level: str, message: str) -> dict[str, Any]:
    return {"type": "log", "level": level, "message": message}


class BadCommand(ValueError):
    """A stdin line that is not a command this runtime understands."""


def parse_command(line: str) -> str:
    """Return the command type of one stdin line, or raise BadCommand saying why."""
    try:
        message = json.loads(line)
    except ValueError as exc:
        raise BadCommand(f"not JSON: {exc}") from None
    if not isinstance(message, dict):
        raise BadCommand("a command must be a JSON object")
    version = message.get("v")
    if version != PROTOCOL_VERSION:
        raise BadCommand(f"unsupported protocol version {version!r} (this runtime speaks {PROTOCOL_VERSION})")
    kind = message.get("type")
    if kind not in COMMAND_TYPES:
        raise BadCommand(f"unknown command type {kind!r}")
    return str(kind)


if __name__ == "__main__":
    # `python -m threadlit_runtime.protocol` prints the schema (used by the drift test).
    print(json.dumps(schema(), indent=1))
