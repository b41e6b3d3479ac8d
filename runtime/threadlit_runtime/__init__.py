"""Threadlit's Python runtime: runs a Streamlit app in-process under the thread monitor.

Started by the host as `python -m threadlit_runtime APP ...`; see `main.py` for the
order of things and docs/runtime.md for the whole picture. Depends on Streamlit only.
"""

__version__ = "0.1.0"
