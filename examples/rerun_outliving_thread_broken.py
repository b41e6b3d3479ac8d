"""BROKEN: st.rerun() while a context-carrying thread is still running.

`st.rerun()` reuses the same ScriptRunContext for the next run, so the first run's
worker writes into the second run, where it does not belong. Threadlit reports
outlived-run (alive) and wrong-run-write.
"""

import time
from threading import Thread

import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx


def late_note() -> None:
    time.sleep(0.3)
    st.write("a note from the previous run")  # lands in the next run


st.header("Rerun with a thread still running")
if "reran" not in st.session_state:
    st.session_state.reran = True
    worker = Thread(target=late_note)
    add_script_run_ctx(worker, get_script_run_ctx())
    worker.start()
    st.rerun()

time.sleep(0.6)  # the second run is still going when the old worker writes
st.write("second run done")
