"""Fixture: leaves behind what a careless app would, to prove the runtime cleans up.

A subprocess that ignores SIGTERM, a plain `sleep` subprocess, and a non-daemon thread
that never ends. Their pids go to THREADLIT_TEST_OUT once they run.
"""

import json
import os
import subprocess
import sys
import threading
import time

import streamlit as st

out = os.environ["THREADLIT_TEST_OUT"]
if not os.path.exists(out):
    stubborn = subprocess.Popen(
        [sys.executable, "-c", "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(600)"]
    )
    sleeper = subprocess.Popen(["sleep", "600"])

    def forever() -> None:
        while True:
            time.sleep(0.05)

    threading.Thread(target=forever, name="never-ends", daemon=False).start()
    with open(out + ".tmp", "w", encoding="utf-8") as handle:
        json.dump({"pids": [stubborn.pid, sleeper.pid]}, handle)
    os.replace(out + ".tmp", out)
st.write("started helpers")
