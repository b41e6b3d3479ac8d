"""Fixture: Streamlit calls from threads without a context (Option 2, no add_script_run_ctx).

Each line that must produce a monitor event carries an "expect" mark.
"""

import threading

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


@st.cache_data
def square(x: int) -> int:
    return x * x


def top_level() -> None:
    st.write("never shown")  # expect: missing-context dropped x1
    st.sidebar.write("nor this")  # expect: missing-context dropped x1
    square(3)  # cached functions work without a context: no event


def through_handle(box: DeltaGenerator) -> None:
    box.write("never shown either")  # expect: missing-context raised x3


def caught(box: DeltaGenerator) -> None:
    try:
        box.text("caught")  # expect: missing-context raised x1
    except Exception:
        pass


def switch() -> None:
    st.switch_page("app.py")  # expect: missing-context raised x1


box = st.container()
first = threading.Thread(target=top_level)
first.start()
first.join()

workers = [threading.Thread(target=through_handle, args=(box,)) for _ in range(3)]
workers.append(threading.Thread(target=caught, args=(box,)))
workers.append(threading.Thread(target=switch))
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()

st.write("script done")
