"""Option 1, batched: worker threads never call Streamlit.

Five threads each wait a little and store a result on themselves. The script thread
joins them all, then writes every result. No thread needs a ScriptRunContext.
"""

import time
from threading import Thread

import streamlit as st


class Worker(Thread):
    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay
        self.result: str | None = None

    def run(self) -> None:
        started = time.monotonic()
        time.sleep(self.delay)
        # Only plain Python here: the result is read back by the script thread.
        self.result = (
            f"waited {self.delay:.1f} s (took {time.monotonic() - started:.2f} s)"
        )


delays = [0.5, 0.4, 0.3, 0.2, 0.1]
workers = [Worker(delay) for delay in delays]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()

for i, worker in enumerate(workers):
    st.header(f"Thread {i}")
    st.write(worker.result)

st.button("Rerun")
