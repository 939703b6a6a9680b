#!/usr/bin/env bash
# Installs the npm packages (and with them Node 24, the `node` package) when
# node_modules is missing or older than the lockfile. Any Node >= 18 with npm
# can run this; everything after it runs on the Node 24 from node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
  echo "bosun: npm is not installed. Install Node.js (any version >= 18) with npm first." >&2
  exit 1
fi

marker=node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ] || [ ! -x node_modules/.bin/node ]; then
  echo "bosun: installing npm packages (npm ci)…" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
