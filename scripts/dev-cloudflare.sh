#!/usr/bin/env bash
# `npm run dev:cloudflare`: the Cloudflare manager in local workerd, as `npm start` runs the Node
# one: installs the npm packages (and Node 24 with them), builds the web UI and the CLI, makes
# sure a Docker Engine answers for the local agent, then starts it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

bash scripts/ensure-deps.sh
bash scripts/ensure-web.sh
bash scripts/ensure-cli.sh
bash scripts/ensure-docker-engine.sh

exec node scripts/cloudflare/dev.ts "$@"
