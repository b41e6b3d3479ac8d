"""BROKEN: workers carry the context but are never joined.

The script ends before the workers write, so their writes arrive after the run that
owns the context has finished and Streamlit drops them without a word. Threadlit
reports outlived-run events: one where the threads start (outcome: alive) and one
where they write (outcome: dropped). Fix: join the workers before the script ends.
"""

import time
from threading import Thread

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx


def work(delay: float, target: DeltaGenerator) -> None:
    time.sleep(delay)
    target.write(f"waited {delay:.1f} s")  # too late: the run is over


delays = [0.6, 0.5, 0.4, 0.3, 0.2]  # all well after the run ends
slots = []
for i in range(len(delays)):
    st.header(f"Thread {i}")
    slots.append(st.container())

for delay, slot in zip(delays, slots):
    worker = Thread(target=work, args=(delay, slot))
    add_script_run_ctx(worker, get_script_run_ctx())
    worker.start()  # never joined

st.button("Rerun")
