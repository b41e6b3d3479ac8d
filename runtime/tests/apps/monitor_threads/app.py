"""Fixture: a context-less user thread that lives until the Release button is clicked."""

import threading

import streamlit as st


@st.cache_resource
def gate() -> threading.Event:
    return threading.Event()


if st.button("Release"):
    gate().set()
elif not gate().is_set():
    threading.Thread(target=gate().wait, name="waiter", daemon=True).start()

st.write("script done")
