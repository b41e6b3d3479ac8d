#!/usr/bin/env bash
# Installs Debian's chromium for the end-to-end tests (driven by playwright-core, which downloads
# no browser). Idempotent: a no-op when /usr/bin/chromium exists.
set -euo pipefail

if [ -x "${THREADLIT_CHROMIUM:-/usr/bin/chromium}" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-chromium: please install chromium (Debian: apt-get install chromium) or set THREADLIT_CHROMIUM" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
echo "install-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo chromium installed)"
