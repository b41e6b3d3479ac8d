"""BROKEN: Option 2 without add_script_run_ctx.

The workers write into containers made by the script thread, but carry no context, so
each `slot.write` raises NoSessionContext and the worker dies. The headers appear; the
results never do. Threadlit reports one missing-context event (outcome: raised).
"""

import time
from threading import Thread

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


class Worker(Thread):
    def __init__(self, delay: float, target: DeltaGenerator) -> None:
        super().__init__()
        self.delay = delay
        self.target = target

    def run(self) -> None:
        time.sleep(self.delay)
        self.target.write(f"waited {self.delay:.1f} s")  # raises NoSessionContext


delays = [0.5, 0.4, 0.3, 0.2, 0.1]
slots = []
for i in range(len(delays)):
    st.header(f"Thread {i}")
    slots.append(st.container())

workers = [Worker(delay, slot) for delay, slot in zip(delays, slots)]
for worker in workers:
    worker.start()  # the fix: add_script_run_ctx(worker, get_script_run_ctx()) first
for worker in workers:
    worker.join()

st.button("Rerun")
