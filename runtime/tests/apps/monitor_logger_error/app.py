"""Fixture: the same context-less calls with Streamlit's logging silenced.

`.streamlit/config.toml` sets `logger.level = "error"`, so Streamlit prints no
"missing ScriptRunContext" line; the monitor must not need it.
"""

import threading

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def work(box: DeltaGenerator) -> None:
    st.header("dropped")  # expect: missing-context dropped x2
    st.session_state["x"] = 1  # expect: session-state-without-context dropped x2
    box.write("raises")  # expect: missing-context raised x2


box = st.container()
workers = [threading.Thread(target=work, args=(box,)) for _ in range(2)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()

st.write("script done")
