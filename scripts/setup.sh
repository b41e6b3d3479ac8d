#!/usr/bin/env bash
# Sets up a fresh clone: npm packages, the build, and a Python venv (.venv) with
# Streamlit, pytest and the benchmark references. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Test tools for the real-VS-Code tests: Debian packages first, with a single apt-get update
# (skipped entirely when everything is present), then code-server into .tools/.
if command -v apt-get >/dev/null && [ "$(id -u)" -eq 0 ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v rg >/dev/null || missing+=(ripgrep)
  [ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
bash scripts/install-chromium.sh
bash scripts/install-code-server.sh

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
npm run build

# pip: prefer the machine's local wheel mirrors when it lists them (the default
# index may be unreachable there); plain pip on a user's machine.
mirror=$(pip config get global.extra-index-url 2>/dev/null | awk '{print $1}' || true)
if [ -n "$mirror" ]; then export PIP_INDEX_URL="$mirror"; fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then "$python" -m venv .venv; fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r runtime/requirements-dev.txt
