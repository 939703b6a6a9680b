#!/usr/bin/env bash
# Makes a base image for bosun's images out of this machine's own files, for an engine that
# reaches no image registry (where `node:24-slim` cannot be pulled). It holds what the images need
# from the official image: Node 24 at /usr/local/bin/node (the project's, from node_modules), the
# shared libraries it links, a static busybox for /bin/sh and the usual tools, and the users root
# and node (uid 1000).
#
#   scripts/make-local-base.sh [--tag NAME:TAG] [EXTRA_PROGRAM…]
#
# Each EXTRA_PROGRAM (an absolute path, e.g. /usr/bin/curl) is copied to the same path with the
# shared libraries it links; /bin/dash among them becomes /bin/sh. The tests make a "fresh host"
# that way. Talks to the engine at DOCKER_HOST (or the default socket) with `docker`. Prints the
# image's tag. Does nothing when an image of that tag was made from the same files.
set -euo pipefail
cd "$(dirname "$0")/.."

tag=bosun-base:24-local
if [[ "${1:-}" == --tag ]]; then
  tag=$2
  shift 2
fi
extras=("$@")

node_bin=node_modules/node/bin/node
if [[ ! -x "$node_bin" ]]; then
  echo "bosun: $node_bin is missing: run npm ci first" >&2
  exit 1
fi
busybox=/bin/busybox
if [[ ! -x "$busybox" ]] || ldd "$busybox" >/dev/null 2>&1; then
  echo "bosun: the local base needs a static /bin/busybox: apt-get install -y busybox-static" >&2
  exit 1
fi
for program in "${extras[@]}"; do
  if [[ "$program" != /* || ! -x "$program" ]]; then
    echo "bosun: $program is not an absolute path to a program" >&2
    exit 1
  fi
done

# What the image is made of, so an unchanged base is not imported again.
stamp=$( (
  "$node_bin" --version
  sha256sum "$busybox"
  for program in "${extras[@]}"; do sha256sum "$program"; done
  sha256sum "$0"
) | sha256sum | cut -c1-16)
if [[ "$(docker image inspect --format '{{index .Config.Labels "bosun.base"}}' "$tag" 2>/dev/null)" == "$stamp" ]]; then
  echo "$tag"
  exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

# Copies a file to the same path under the root, following links, with its folder.
copy_file() {
  mkdir -p "$root$(dirname "$1")"
  cp -L "$1" "$root$1"
}

# A program and every shared library ldd finds for it (the loader included).
copy_with_libraries() {
  local program=$1 target=${2:-$1}
  mkdir -p "$root$(dirname "$target")"
  cp -L "$program" "$root$target"
  ldd "$program" 2>/dev/null | grep -o '/[^ ]*' | sort -u | while read -r library; do
    [[ -e "$root$library" ]] || copy_file "$library"
  done
}

copy_with_libraries "$PWD/$node_bin" /usr/local/bin/node
# The build carries its debug symbols (about a fifth of it); the image does not need them.
if command -v strip >/dev/null 2>&1; then strip --strip-debug "$root/usr/local/bin/node"; fi

mkdir -p "$root/bin" "$root/usr/bin" "$root/etc" "$root/tmp" "$root/root" "$root/home/node" "$root/var/lib"
chmod 1777 "$root/tmp"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [[ -e "$root/bin/$applet" ]] || ln -s busybox "$root/bin/$applet"
done
for program in "${extras[@]}"; do
  rm -f "$root$program"
  copy_with_libraries "$program"
done
if [[ -e "$root/bin/dash" ]]; then ln -sf dash "$root/bin/sh"; fi

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
node:x:1000:1000::/home/node:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
node:x:1000:
nogroup:x:65534:
EOF
printf 'root:*::0:::::\nnode:!::0:::::\nnobody:!::0:::::\n' >"$root/etc/shadow"
printf 'root:*::\nnode:!::\nnogroup:!::\n' >"$root/etc/gshadow"
chmod 640 "$root/etc/shadow" "$root/etc/gshadow"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"
chown -R 1000:1000 "$root/home/node" 2>/dev/null || true

tar -C "$root" --numeric-owner -c . |
  docker import \
    --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL bosun.base=$stamp" \
    --change 'CMD ["node"]' \
    - "$tag" >/dev/null
echo "$tag"
