#!/usr/bin/env bash
# Installs code-server (a real VS Code in the browser) into .tools/code-server for the
# extension's integration and end-to-end tests. Idempotent: a no-op when already installed.
#
# Why each step: code-server 4.100.3 (= VS Code 1.100.3) is the newest release that runs on
# Node 20; its ripgrep dependency downloads a binary from GitHub in its postinstall, so we
# seed that download cache with Debian's rg; kerberos compiles from source and needs the
# gssapi headers; as root, code-server's postinstall needs unsafe-perm and node-pty's
# `npx node-gyp` needs `yes`.
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.100.3
dir=.tools/code-server
bin="$dir/node_modules/code-server/out/node/entry.js"
marker="$dir/.installed-$version"

if [ -f "$marker" ] && [ -f "$bin" ]; then
  exit 0
fi

need=()
command -v rg >/dev/null || need+=(ripgrep)
[ -f /usr/include/gssapi/gssapi.h ] || [ -f /usr/include/gssapi.h ] || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-code-server: please install: ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# @vscode/ripgrep 1.15.11 (pinned by VS Code 1.100) looks for this exact file name in
# os.tmpdir() before downloading (see its lib/download.js).
rg_pkg=1.15.11
rg_asset=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
if [ "$(uname -m)" != x86_64 ]; then
  echo "install-code-server: only x86_64 is seeded; ripgrep's download may fail" >&2
fi
cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$rg_pkg"
if [ ! -f "$cache/$rg_asset" ]; then
  mkdir -p "$cache"
  stage=$(mktemp -d)
  cp "$(command -v rg)" "$stage/rg"
  tar czf "$cache/$rg_asset" -C "$stage" rg
  rm -rf "$stage"
fi

mkdir -p "$dir"
if [ ! -f "$dir/package.json" ]; then
  printf '{\n  "name": "threadlit-tools-code-server",\n  "private": true\n}\n' > "$dir/package.json"
fi
(
  cd "$dir"
  npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --no-save "code-server@$version"
)

# The postinstall must have installed VS Code's own modules; fail loudly if npm skipped it.
if [ ! -d "$dir/node_modules/code-server/lib/vscode/node_modules" ]; then
  echo "install-code-server: code-server's postinstall did not run (lib/vscode/node_modules missing)" >&2
  exit 1
fi
touch "$marker"
echo "install-code-server: code-server $version ready in $dir"
