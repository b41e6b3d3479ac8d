"""Fixture: a thread carrying the run's context outlives the run, then writes.

The worker waits for the script thread to end (each run has its own script thread),
so its write comes after the run is over without depending on timing.
"""

import threading

import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

script_thread = threading.current_thread()


def late() -> None:
    script_thread.join(10)
    st.write("after the run")  # expect: outlived-run dropped x1


worker = threading.Thread(target=late)
add_script_run_ctx(worker, get_script_run_ctx())
worker.start()  # expect: outlived-run alive x1

st.write("script done")
