#!/usr/bin/env bash
# The README's demo: sets up a fresh clone, then runs the Option 2 example under the monitor.
# Open the printed URL; Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node dist/cli.js run examples/option2_script_run_ctx.py "$@"
