"""Fixture: uncaught exceptions in user threads; SystemExit is not one."""

import sys
import threading

import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx


def parse(text: str) -> int:
    return int(text)  # expect: thread-exception exception x2


def worker(text: str) -> None:
    parse(text)


def quits() -> None:
    sys.exit(0)


threads = [threading.Thread(target=worker, args=("not a number",)) for _ in range(2)]
threads.append(threading.Thread(target=quits))
add_script_run_ctx(threads[1], get_script_run_ctx())
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

st.write("script done")
