"""Fast-reruns mode: what makes a preview rerun take milliseconds instead of ~60 ms.

Two costs dominate a small app's rerun in Streamlit 1.64 (docs/runtime.md has figures):

* Nagle + delayed ACK. Streamlit binds its listening socket with `socket.socket(family)`,
  so `proto` is 0 and asyncio's `_set_nodelay` (which checks for IPPROTO_TCP) skips
  the accepted connections: back-to-back websocket frames wait ~40 ms for an ACK.
  We set TCP_NODELAY on the listener (Linux copies it to accepted sockets) and
  re-create the socket object from its descriptor so the kernel-reported proto is TCP
  and asyncio sets TCP_NODELAY on every accepted connection itself.
* `runner.postScriptGC`: a full `gc.collect()` after every run, holding the GIL before
  the event loop can flush `script_finished`. The config side lives in
  `streamlit_config.enforced_options`; Python's own generational GC still runs.

Neither changes what the app shows: the same messages are sent, only sooner.
"""

from __future__ import annotations

import socket


def nodelay_socket(sock: socket.socket) -> socket.socket:
    """Return the listening socket with TCP_NODELAY, as an object asyncio recognises as TCP."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return sock
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        return sock  # not fatal: reruns are just slower
    inheritable = sock.get_inheritable()
    fresh = socket.socket(fileno=sock.detach())
    fresh.setblocking(False)
    fresh.set_inheritable(inheritable)
    return fresh
