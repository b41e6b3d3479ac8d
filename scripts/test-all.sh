#!/usr/bin/env bash
# The README's test command: set up from scratch, then run every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm test
