"""Option 1, iterative: show each result as soon as its thread is done.

The script thread makes one container per worker up front, then polls the workers and
writes into a container when its worker has finished. Workers never call Streamlit.
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
        self.result = (
            f"waited {self.delay:.1f} s (took {time.monotonic() - started:.2f} s)"
        )


delays = [0.5, 0.4, 0.3, 0.2, 0.1]
slots = []
for i in range(len(delays)):
    st.header(f"Thread {i}")
    slots.append(st.container())

workers = [Worker(delay) for delay in delays]
for worker in workers:
    worker.start()

pending = set(range(len(workers)))
while pending:
    for i in sorted(pending):
        if not workers[i].is_alive():
            # Written from the script thread, which has the context.
            slots[i].write(workers[i].result)
            pending.discard(i)
    time.sleep(0.05)

for worker in workers:
    worker.join()

st.button("Rerun")
