#!/usr/bin/env bash
# `npm start`: the main job on this machine. Installs the npm packages (and
# Node 24 with them), makes sure a Docker Engine answers, then starts bosun.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

bash scripts/ensure-deps.sh
bash scripts/ensure-web.sh
bash scripts/ensure-cli.sh
bash scripts/ensure-docker-engine.sh

# Manager, local agent and UI in one process; data (SQLite, the local agent's
# credential) in .bosun/manager unless BOSUN_DATA_DIR says otherwise.
export BOSUN_DATA_DIR="${BOSUN_DATA_DIR:-$PWD/.bosun/manager}"
exec node packages/cli/dist/bosun.mjs manager "$@"
