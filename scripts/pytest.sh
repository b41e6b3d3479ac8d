#!/usr/bin/env bash
# Runs the Python runtime's tests with the project's venv: all of runtime/tests, or the
# test files / node ids given (options such as -q or -k pass through either way).
set -euo pipefail
cd "$(dirname "$0")/.."
targets=runtime/tests
for arg in "$@"; do
  case "$arg" in -*) ;; *) targets= ;; esac
done
exec .venv/bin/python -m pytest $targets "$@"
