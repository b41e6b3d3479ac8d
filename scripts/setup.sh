#!/usr/bin/env bash
# Sets up a fresh clone: npm packages, the build, and a Python venv (.venv) with
# Streamlit, pytest and the benchmark references. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
npm run build

# pip: prefer the machine's local wheel mirrors when it lists them (the default
# index may be unreachable there); plain pip on a user's machine.
mirror=$(pip config get global.extra-index-url 2>/dev/null | awk '{print $1}' || true)
if [ -n "$mirror" ]; then export PIP_INDEX_URL="$mirror"; fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then "$python" -m venv .venv; fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r runtime/requirements-dev.txt
