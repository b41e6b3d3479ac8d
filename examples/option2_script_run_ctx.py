"""Option 2: hand the script's ScriptRunContext to each worker before it starts.

Each worker writes its own result into a container made by the script thread. The
script joins every worker before it ends, so no thread outlives the run that owns the
context.
"""

import time
from threading import Thread

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx


class Worker(Thread):
    def __init__(self, delay: float, target: DeltaGenerator) -> None:
        super().__init__()
        self.delay = delay
        self.target = target

    def run(self) -> None:
        started = time.monotonic()
        time.sleep(self.delay)
        # Allowed: this thread carries the script's context (attached below).
        self.target.write(
            f"waited {self.delay:.1f} s (took {time.monotonic() - started:.2f} s)"
        )


delays = [0.5, 0.4, 0.3, 0.2, 0.1]
slots = []
for i in range(len(delays)):
    st.header(f"Thread {i}")
    slots.append(st.container())

workers = [Worker(delay, slot) for delay, slot in zip(delays, slots)]
for worker in workers:
    add_script_run_ctx(worker, get_script_run_ctx())
    worker.start()

# Joining keeps the context from outliving this run.
for worker in workers:
    worker.join()

st.button("Rerun")
