"""Fixture: reports the server's socket options and GC setting, and shows fixed output."""

import gc
import json
import os
import socket

import streamlit as st

out = os.environ.get("THREADLIT_TEST_OUT")
if out:
    sockets = []
    for obj in gc.get_objects():
        if isinstance(obj, socket.socket) and obj.fileno() >= 0 and obj.family == socket.AF_INET:
            try:
                peer = obj.getpeername()
            except OSError:
                peer = None
            sockets.append(
                {
                    "local": obj.getsockname()[1],
                    "peer": peer is not None,
                    "nodelay": obj.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY),
                }
            )
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"sockets": sockets, "post_script_gc": st.get_option("runner.postScriptGC")}, handle)

st.title("Fast")
for i in range(3):
    st.write(f"line {i}")
