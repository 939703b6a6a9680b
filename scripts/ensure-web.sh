#!/usr/bin/env bash
# Builds the web UI (packages/web/dist, served by the manager) when it is
# missing or older than its sources. Vite runs on the project's Node 24.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

dist=packages/web/dist/index.html
if [[ -f "$dist" ]] && [[ -z "$(find packages/web/src packages/web/public packages/web/index.html \
  packages/web/vite.config.ts packages/web/package.json packages/protocol/src -newer "$dist" -print -quit)" ]]; then
  exit 0
fi
echo "bosun: building the web UI" >&2
(cd packages/web && vite build --logLevel warn)
