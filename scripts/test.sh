#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Installs what it needs
# (system packages when run as root on Debian, npm packages), then type-checks,
# lints and runs the unit and integration tests against real Docker Engines.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

bash scripts/ensure-system.sh
bash scripts/ensure-deps.sh
# The browser tests drive the built UI the manager serves.
bash scripts/ensure-web.sh
# The single-file agent is what hosts run; its tests run the built file.
bash scripts/ensure-agent.sh
# The single-file bosun command is what the CLI's tests (and the workspace's bin) run.
bash scripts/ensure-cli.sh

echo "bosun: node $(node --version)" >&2
tsc -p tsconfig.json --noEmit
# The API must type-check without Node's types: it runs on Workers too.
tsc -p packages/api/tsconfig.json --noEmit
tsc -p packages/web/tsconfig.json --noEmit
# The Cloudflare Worker type-checks against the Workers runtime's types, without Node's.
tsc -p packages/cloudflare/tsconfig.json --noEmit
biome check .
vitest run "$@"
