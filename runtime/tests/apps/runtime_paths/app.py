"""Fixture: records what the app's process looks like (paths, argv, cwd) as JSON."""

import json
import os
import sys

import streamlit as st

out = os.environ["THREADLIT_TEST_OUT"]
with open(out, "w", encoding="utf-8") as handle:
    json.dump(
        {
            "sys_path": sys.path,
            "pythonpath": os.environ.get("PYTHONPATH"),
            "argv": sys.argv,
            "cwd": os.getcwd(),
            "main_file": getattr(sys.modules["__main__"], "__file__", None),
            "theme_base": st.get_option("theme.base"),
            "max_upload": st.get_option("server.maxUploadSize"),
            "run_on_save": st.get_option("server.runOnSave"),
            "headless": st.get_option("server.headless"),
            "address": st.get_option("server.address"),
            "post_script_gc": st.get_option("runner.postScriptGC"),
        },
        handle,
    )
st.write("recorded")
