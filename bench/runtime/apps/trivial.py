"""Benchmark app: the smallest useful app (two writes, a counter in session state, text)."""

import streamlit as st

st.session_state.setdefault("count", 0)
st.session_state["count"] += 1
st.write("Hello")
st.write(f"Run {st.session_state['count']}")
st.text("done")
