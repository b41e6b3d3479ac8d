"""Fixture: st.rerun() reuses the context, so an outliving thread writes into run 2.

Two events order the threads without timing: run 2 opens the gate for run 1's
worker, then waits until the worker has written before it writes its own line.
"""

import threading

import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx


@st.cache_resource
def gates() -> tuple[threading.Event, threading.Event]:
    return threading.Event(), threading.Event()


run_two_started, written = gates()


def late() -> None:
    run_two_started.wait(10)
    st.write("written by run 1's thread")  # expect: wrong-run-write wrong-run x1
    written.set()


if "reran" not in st.session_state:
    st.session_state.reran = True
    worker = threading.Thread(target=late)
    add_script_run_ctx(worker, get_script_run_ctx())
    worker.start()  # expect: outlived-run alive x1
    st.rerun()

run_two_started.set()
written.wait(10)
st.write("run 2 done")
