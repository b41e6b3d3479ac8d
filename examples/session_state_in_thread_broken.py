"""BROKEN: workers store their results in st.session_state.

Without a context, `st.session_state` in a thread is a process-wide stand-in that no
user ever sees, so every result reads back as missing. Threadlit reports one
session-state-without-context event. Fix: return results on the thread object (Option
1) or attach the context (Option 2).
"""

import time
from threading import Thread

import streamlit as st


def work(i: int, delay: float) -> None:
    time.sleep(delay)
    st.session_state[f"result_{i}"] = f"waited {delay:.1f} s"  # lands in the stand-in


delays = [0.5, 0.4, 0.3, 0.2, 0.1]
workers = [Thread(target=work, args=(i, delay)) for i, delay in enumerate(delays)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()

for i in range(len(delays)):
    st.header(f"Thread {i}")
    st.write(st.session_state.get(f"result_{i}", "(no result)"))

st.button("Rerun")
