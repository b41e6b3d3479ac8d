"""Finding and ending the runtime's descendant processes, so none outlives it.

On Linux the process table is read from /proc; elsewhere from `ps`. A descendant is a
process whose parent chain leads to us, or, when we lead our process group (the host
spawns us that way), any other member of the group — which also catches grandchildren
that were re-parented after their parent exited.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from typing import NamedTuple


class Proc(NamedTuple):
    pid: int
    ppid: int
    pgid: int
    zombie: bool


def _proc_table_linux() -> list[Proc]:
    table: list[Proc] = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read().decode("utf-8", "replace")
        except OSError:
            continue  # the process ended while we looked
        # The command name is in parentheses and may contain spaces: split after it.
        fields = stat[stat.rfind(")") + 2 :].split()
        table.append(Proc(int(name), int(fields[1]), int(fields[2]), fields[0] in ("Z", "X")))
    return table


def _proc_table_ps() -> list[Proc]:
    out = subprocess.run(
        ["ps", "-A", "-o", "pid=,ppid=,pgid=,stat="], capture_output=True, text=True, check=False
    ).stdout
    table: list[Proc] = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0].isdigit():
            table.append(Proc(int(parts[0]), int(parts[1]), int(parts[2]), parts[3].startswith("Z")))
    return table


def process_table() -> list[Proc]:
    return _proc_table_linux() if os.path.isdir("/proc/self") else _proc_table_ps()


def descendants(root: int | None = None) -> list[int]:
    """Live (non-zombie) descendants of `root` (default: this process)."""
    root = os.getpid() if root is None else root
    table = process_table()
    children: dict[int, list[int]] = {}
    for proc in table:
        children.setdefault(proc.ppid, []).append(proc.pid)
    found: set[int] = set()
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    if os.getpgid(0) == root:
        found.update(p.pid for p in table if p.pgid == root)
    found.discard(root)
    alive = {p.pid for p in table if not p.zombie}
    return sorted(found & alive)


def _signal_all(pids: list[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def end_descendants(grace: float) -> list[int]:
    """SIGTERM every descendant, SIGKILL those still alive after `grace` seconds.

    Returns the pids that needed SIGKILL.
    """
    pids = descendants()
    if not pids:
        return []
    if grace > 0:
        _signal_all(pids, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            pids = descendants()
            if not pids:
                return []
            time.sleep(0.02)
    # New children may have appeared while we waited; take a fresh look.
    stubborn = descendants()
    _signal_all(stubborn, signal.SIGKILL)
    return stubborn
