#!/usr/bin/env bash
# Builds bosun's container images, bosun-agent:<version> and bosun-manager:<version>, from what
# the project already builds (the single-file agent and `bosun` command, the web UI), and writes
# the agent image as `docker save | gzip` to packages/cli/dist/bosun-agent-image.tar.gz, which the
# manager image carries to hand out to new hosts.
#
#   scripts/build-images.sh [--local-base]
#
# The base image is BOSUN_IMAGE_BASE, else node:24-slim; --local-base makes one from this
# machine's files first (scripts/make-local-base.sh), for an engine that reaches no registry.
# Each image is built from a staged context holding only its files, with Docker's legacy builder
# (the Dockerfiles have COPY steps alone, so no network is needed). Talks to the engine at
# DOCKER_HOST (or the default socket) with `docker`. Prints each image's size.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

base=${BOSUN_IMAGE_BASE:-node:24-slim}
case "${1:-}" in
  --local-base) base=$(bash scripts/make-local-base.sh | tail -n 1) ;;
  '') ;;
  *)
    echo "usage: scripts/build-images.sh [--local-base]" >&2
    exit 2
    ;;
esac

started=$SECONDS
version=$(node -p "require('./package.json').version")
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]; then
  echo "bosun: package.json has no version (found \"$version\")" >&2
  exit 1
fi
bash scripts/ensure-cli.sh
bash scripts/ensure-agent.sh
bash scripts/ensure-web.sh

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
dist=packages/cli/dist
agent_image=bosun-agent:$version
manager_image=bosun-manager:$version
image_archive=$dist/bosun-agent-image.tar.gz

build() {
  local context=$1 tag=$2
  echo "bosun: building $tag on $base" >&2
  if ! DOCKER_BUILDKIT=0 docker build --quiet \
    --build-arg "BASE=$base" --build-arg "VERSION=$version" \
    --tag "$tag" "$context" >/dev/null; then
    if ! docker image inspect "$base" >/dev/null 2>&1; then
      echo "bosun: the engine has no $base and could not pull it; where it reaches no registry, run" >&2
      echo "bosun:   npm run build:images -- --local-base   (a base made from this machine's Node 24)" >&2
      echo "bosun: or set BOSUN_IMAGE_BASE to a Node 24 image the engine has" >&2
    fi
    echo "bosun: building $tag failed" >&2
    exit 1
  fi
}

mkdir "$stage/agent"
cp deploy/docker/agent.Dockerfile "$stage/agent/Dockerfile"
cp "$dist/bosun-agent.mjs" deploy/docker/agent-health.mjs "$stage/agent/"
build "$stage/agent" "$agent_image"

# The archive is rewritten only when the image changed (an unchanged build reuses Docker's cache
# and keeps its ID), and one build at a time writes it: two test files may build at once.
exec 9>"$dist/.build-images.lock"
flock 9
agent_id=$(docker image inspect --format '{{.Id}}' "$agent_image")
if [[ -f "$image_archive" && "$(cat "$image_archive.id" 2>/dev/null)" == "$agent_id" ]]; then
  echo "bosun: $image_archive already holds $agent_image" >&2
else
  echo "bosun: saving $agent_image to $image_archive" >&2
  partial=$(mktemp "$image_archive.XXXXXX")
  docker save "$agent_image" | gzip -1 >"$partial"
  mv "$partial" "$image_archive"
  echo "$agent_id" >"$image_archive.id"
fi

mkdir "$stage/manager"
# The manager keeps its data folder 0700 (it warns otherwise); COPY keeps the mode it finds.
mkdir -p "$stage/manager/data/bosun"
chmod 700 "$stage/manager/data/bosun"
cp deploy/docker/manager.Dockerfile "$stage/manager/Dockerfile"
cp "$dist/bosun.mjs" "$dist/bosun-agent.mjs" "$image_archive" deploy/docker/manager-health.mjs "$stage/manager/"
cp -R packages/web/dist "$stage/manager/web"
build "$stage/manager" "$manager_image"

for image in "$agent_image" "$manager_image"; do
  bytes=$(docker image inspect --format '{{.Size}}' "$image")
  echo "$image $bytes bytes ($(numfmt --to=iec-i --suffix=B "$bytes"))"
done
echo "bosun: built both images in $((SECONDS - started)) s" >&2
