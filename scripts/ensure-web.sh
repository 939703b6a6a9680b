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
# NODE_ENV is set to production here because a caller's may be anything: under vitest it is
# `test` (the deploy dry-run test builds through this script), and Vite keeps a NODE_ENV it finds,
# which gives React's development build (measured: the viewer's filter 10x slower).
(cd packages/web && NODE_ENV=production vite build --logLevel warn)
