#!/usr/bin/env bash
# Makes sure the system packages the test suite needs are on this machine:
#   docker.io       dockerd, for the Docker Engines the tests start
#   busybox-static  a static /bin/busybox, the only file of the fixture image
#   chromium        /usr/bin/chromium, the browser the UI tests drive
#   systemd         systemd-analyze, which checks the systemd units (nothing starts systemd)
# Silent when all are present. Otherwise, as root on Debian, installs the missing
# ones (without recommends: the tests need none of them); elsewhere it names them
# and fails. Safe to run any number of times.
set -euo pipefail

missing=()

if ! command -v dockerd >/dev/null 2>&1 && [ ! -x /usr/sbin/dockerd ] && [ ! -x /usr/bin/dockerd ]; then
  missing+=(docker.io)
fi

# Debian's plain `busybox` package also installs /bin/busybox, but dynamically
# linked, and it would not run in an image that holds nothing else.
if [ ! -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then
  missing+=(busybox-static)
fi

if [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi

if ! command -v systemd-analyze >/dev/null 2>&1; then
  missing+=(systemd)
fi

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "bosun: the tests need these Debian packages: ${missing[*]}" >&2
  echo "bosun: install them as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "bosun: installing ${missing[*]}…" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

# Chromium's fonts come through its dependencies (fontconfig-config pulls in
# fonts-dejavu-core), so headless pages render without its recommends. Check it
# really starts before the browser tests find out the hard way.
if [[ " ${missing[*]} " == *" chromium "* ]]; then
  if ! out=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --dump-dom about:blank 2>&1) ||
    [[ "$out" != *"<body></body>"* ]]; then
    echo "bosun: chromium was installed but does not start headless:" >&2
    echo "$out" | tail -n 20 >&2
    exit 1
  fi
fi
