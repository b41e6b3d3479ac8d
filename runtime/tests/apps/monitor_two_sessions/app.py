"""Fixture: two sessions at once, each with a context-carrying worker and a broken one."""

import threading
import time
import uuid

import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

token = st.session_state.setdefault("token", uuid.uuid4().hex)
box = st.container()


def write_token() -> None:
    time.sleep(0.2)
    box.write(f"token {token}")


def broken() -> None:
    st.write(f"lost {token}")  # expect: missing-context dropped x1


good = threading.Thread(target=write_token)
add_script_run_ctx(good, get_script_run_ctx())
bad = threading.Thread(target=broken)
good.start()
bad.start()
good.join()
bad.join()

st.write(f"session token {token}")
