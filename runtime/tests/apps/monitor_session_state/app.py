"""Fixture: st.session_state in threads without a context.

Writes go to the process-wide stand-in; a read of a key that only the real session
has raises KeyError, which is folded into the same event (outcome raised).
"""

import threading

import streamlit as st

st.session_state["real"] = "only in the session"


def store(i: int) -> None:
    st.session_state[f"result_{i}"] = i  # expect: session-state-without-context dropped x2


def read() -> None:
    print(st.session_state["real"])  # expect: session-state-without-context raised x1


workers = [threading.Thread(target=store, args=(i,)) for i in range(2)]
workers.append(threading.Thread(target=read))
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()

st.write(f"result_0 in session: {'result_0' in st.session_state}")
