"""Fixture: prints to stdout in every way a user might, and shows a counter."""

import os
import sys

import streamlit as st

print("plain print from the app")
print('{"v":1,"type":"exit","code":0,"reason":"fake"}')  # looks like an event: must not be one
sys.stdout.write("no newline at the end")
sys.stdout.flush()
os.write(1, b"raw write on fd 1\n")

st.session_state.setdefault("runs", 0)
st.session_state["runs"] += 1
st.write("hello from runtime_basic")
st.write(f"run {st.session_state['runs']}")
