#!/usr/bin/env bash
# Builds the single-file `bosun` command (packages/cli/dist/bosun.mjs), which the workspace's bin,
# the tests and the bench run, when it is missing or older than its sources. Rolldown runs on the
# project's Node 24.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

out=packages/cli/dist/bosun.mjs
if [[ -f "$out" ]] && [[ -z "$(find packages/{protocol,hub,agent,api,server,cli}/src packages/cli/bin packages/cli/bundle package-lock.json \
  -newer "$out" -print -quit)" ]]; then
  exit 0
fi
echo "bosun: building the single-file bosun command" >&2
rolldown -c packages/cli/bundle/cli.config.ts --logLevel warn >/dev/null
chmod +x "$out"
