#!/usr/bin/env bash
# Runs the Python runtime's tests with the project's venv.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m pytest runtime/tests "$@"
