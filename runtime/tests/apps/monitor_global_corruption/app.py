"""Fixture: st.form and st.status created in a thread without a context."""

import threading

import streamlit as st


def build() -> None:
    st.form("settings")  # expect: global-corruption corrupted x1
    st.status("working")  # expect: global-corruption corrupted x1


worker = threading.Thread(target=build)
worker.start()
worker.join()

st.button("Rerun")  # fails: the shared main container now thinks it is a form
