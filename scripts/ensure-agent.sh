#!/usr/bin/env bash
# Builds the single-file agent (packages/cli/dist/bosun-agent.mjs) when it is missing or older
# than its sources. Rolldown runs on the project's Node 24.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

out=packages/cli/dist/bosun-agent.mjs
if [[ -f "$out" ]] && [[ -z "$(find packages/agent/src packages/protocol/src packages/cli/src packages/cli/bin \
  packages/cli/bundle package-lock.json -newer "$out" -print -quit)" ]]; then
  exit 0
fi
echo "bosun: building the single-file agent" >&2
rolldown -c packages/cli/bundle/agent.config.ts --logLevel warn >/dev/null
