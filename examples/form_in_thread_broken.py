"""BROKEN: st.form created in a thread without a context.

Without a context, `st.form` returns Streamlit's process-wide main container and marks
it as a form, which breaks buttons for every session until the server restarts.
Threadlit reports global-corruption.
"""

from threading import Thread

import streamlit as st


def make_form() -> None:
    with st.form("settings"):  # corrupts the shared main container
        st.text_input("Name")


worker = Thread(target=make_form)
worker.start()
worker.join()

st.header("Form in a thread")
st.button("Rerun")
