#!/usr/bin/env bash
# Makes sure a Docker Engine answers for the main job: uses the one at
# DOCKER_HOST or the default socket; otherwise, as root on Debian, installs
# docker.io when missing and starts dockerd in the background.
set -euo pipefail
cd "$(dirname "$0")/.."

sock="${DOCKER_HOST:-unix:///var/run/docker.sock}"
sock="${sock#unix://}"

ping() { [ -S "$sock" ] && curl -fsS --max-time 2 --unix-socket "$sock" http://localhost/_ping >/dev/null 2>&1; }

if ping; then exit 0; fi

if [ "$(id -u)" != 0 ]; then
  echo "bosun: no Docker Engine answers at $sock. Start Docker (or set DOCKER_HOST) and run again." >&2
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "bosun: dockerd is not installed. Install Docker Engine and run again." >&2
    exit 1
  fi
  echo "bosun: installing Docker Engine (docker.io)…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi

mkdir -p .bosun
echo "bosun: starting dockerd (log: .bosun/dockerd.log)…" >&2
nohup dockerd --host "unix://$sock" >.bosun/dockerd.log 2>&1 &
for _ in $(seq 1 100); do
  if ping; then exit 0; fi
  sleep 0.2
done
echo "bosun: dockerd did not come up; see .bosun/dockerd.log" >&2
tail -n 20 .bosun/dockerd.log >&2 || true
exit 1
