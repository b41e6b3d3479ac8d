"""Fragments: a background thread computes, a fragment polls and shows progress.

The worker never calls Streamlit; it only updates a plain Python object kept in the
session. A fragment with `run_every` reruns on the script thread, reads the progress and
redraws itself, without rerunning the whole page.
"""

import time
from dataclasses import dataclass, field
from threading import Lock, Thread

import streamlit as st


@dataclass
class Job:
    steps: int = 5
    done: int = 0
    results: list[str] = field(default_factory=list)
    lock: Lock = field(default_factory=Lock)


def work(job: Job) -> None:
    for i in range(job.steps):
        time.sleep(0.1)
        with job.lock:
            job.results.append(f"step {i} done")
            job.done += 1


if "job" not in st.session_state or st.session_state.get("restart"):
    job = Job()
    st.session_state.job = job
    Thread(target=work, args=(job,), daemon=True).start()

st.header("Fragment progress")


@st.fragment(run_every=0.2)
def progress() -> None:
    job: Job = st.session_state.job
    with job.lock:
        done, results = job.done, list(job.results)
    st.progress(done / job.steps, text=f"{done}/{job.steps} steps")
    for line in results:
        st.write(line)
    if done == job.steps:
        st.write("all steps done")


progress()
st.button("Restart", key="restart")
