#!/usr/bin/env bash
# Build the Mosaico mock-server image on a machine without an image registry.
# Prints the image reference (mosaico-mock-server:<tag>) on stdout; logs go to stderr.
# With --base-only, only makes sure the base image exists and prints its name.
#
#   1. Base image mosaico-base:bookworm, once: debootstrap a minimal Debian with
#      python3 and `docker import` it (FROM debian cannot be pulled here).
#   2. Wheels, on the host: the project wheel (pip wheel) plus its dependencies
#      downloaded for the base image's CPython version and platform.
#   3. docker build from a temporary context holding only the Dockerfile,
#      healthcheck.py and the wheels; no network is used inside the build.
#
# <tag> hashes every file that goes into the image, so with unchanged sources the
# image is found by tag and nothing is rebuilt (a few seconds). Delete the image
# (docker rmi) to force a rebuild; delete the base image to re-bootstrap it.
#
# Environment: PYTHON (host interpreter running pip; python3), MOSAICO_BASE_IMAGE,
# MOSAICO_IMAGE_NAME, DEBIAN_MIRROR, DEBIAN_SUITE.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
PYTHON=${PYTHON:-python3}
BASE_IMAGE=${MOSAICO_BASE_IMAGE:-mosaico-base:bookworm}
IMAGE_NAME=${MOSAICO_IMAGE_NAME:-mosaico-mock-server}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${DEBIAN_SUITE:-bookworm}

log() { printf '[build] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

# Paths (relative to the repository) whose content ends up in the image: the
# package directories named in pyproject.toml, the packaging metadata, docker/.
image_inputs() {
    local dirs
    dirs=$(sed -n '/^\[tool\.setuptools\.package-dir\]/,/^\[/s/^[^#]*= *"\([^"]*\)".*/\1/p' \
        "$REPO/pyproject.toml" | sort -u)
    (cd "$REPO" && find mosaicolabs $dirs -type f \( -name '*.py' -o -name 'py.typed' \) \
        -not -path '*/__pycache__/*' | LC_ALL=C sort -u)
    printf '%s\n' pyproject.toml README.md docker/Dockerfile docker/healthcheck.py docker/build.sh
}

source_hash() {
    (cd "$REPO" && image_inputs | tr '\n' '\0' | xargs -0 sha256sum) | sha256sum | cut -c1-16
}

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# Unmount whatever debootstrap left mounted (a failed run), then delete the tree
# without ever crossing into another file system.
remove_rootfs() {
    local rootfs=$1 mount
    awk -v r="$rootfs/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r |
        while read -r mount; do umount -l "$mount" || true; done
    rm -rf --one-file-system "$rootfs"
}

build_base() {
    local started rootfs
    started=$(date +%s)
    log "base image $BASE_IMAGE not found: bootstrapping Debian $SUITE from $MIRROR"
    if ! command -v debootstrap >/dev/null; then
        [ "$(id -u)" -eq 0 ] || die "debootstrap is missing; install it (apt-get install debootstrap)"
        log "installing debootstrap"
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
    fi
    [ "$(id -u)" -eq 0 ] || die "debootstrap needs root"
    rootfs=$(mktemp -d /var/tmp/mosaico-rootfs.XXXXXX)
    # shellcheck disable=SC2064  # expand $rootfs now: it is local to this function
    trap "remove_rootfs '$rootfs'" EXIT
    debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
        "$SUITE" "$rootfs" "$MIRROR" >&2
    # Package caches and indexes are not needed at run time (and never change a tag).
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
        "$rootfs"/var/cache/debconf/*-old "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
    tar -C "$rootfs" --numeric-owner -c . | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["/bin/bash"]' \
        - "$BASE_IMAGE" >&2
    remove_rootfs "$rootfs"
    trap - EXIT
    log "base image $BASE_IMAGE built in $(elapsed "$started")"
}

# The base image's CPython ("311"), glibc minor version ("36") and machine ("x86_64").
target_platform() {
    docker run --rm --network none "$BASE_IMAGE" python3 -c \
        'import platform, sys; print(f"{sys.version_info[0]}{sys.version_info[1]}",
         platform.libc_ver()[1].split(".")[1], platform.machine())'
}

build_wheels() {
    local ctx=$1 started py glibc arch minor
    local -a platforms=()
    started=$(date +%s)
    read -r py glibc arch < <(target_platform)
    [ -n "${arch:-}" ] || die "cannot run python3 in $BASE_IMAGE"
    log "target: CPython ${py:0:1}.${py:1} on manylinux glibc 2.$glibc $arch"
    # Build the project wheel from a copy of exactly the hashed files, so the
    # repository gets no build/ directory and the wheel matches the tag.
    mkdir -p "$ctx/src" "$ctx/wheels"
    (cd "$REPO" && image_inputs | grep -v '^docker/' | tr '\n' '\0' |
        xargs -0 cp --parents -t "$ctx/src")
    "$PYTHON" -m pip wheel --quiet --disable-pip-version-check --no-deps \
        --wheel-dir "$ctx/wheels" "$ctx/src" >&2
    # Dependencies as binary wheels for the image's interpreter, whatever the host runs.
    platforms+=(--platform "manylinux2014_$arch")
    for minor in $(seq 17 "$glibc"); do platforms+=(--platform "manylinux_2_${minor}_$arch"); done
    "$PYTHON" -m pip download --quiet --disable-pip-version-check --only-binary=:all: \
        --implementation cp --python-version "$py" --abi "cp$py" "${platforms[@]}" \
        --dest "$ctx/wheels" "$ctx"/wheels/mosaico_hexclient-*.whl >&2
    log "wheels ready in $(elapsed "$started"): $(cd "$ctx/wheels" && ls | tr '\n' ' ')"
}

build_image() {
    local ctx=$1 image=$2 hash=$3 started
    started=$(date +%s)
    cp "$HERE/Dockerfile" "$HERE/healthcheck.py" "$ctx/"
    rm -rf "$ctx/src"
    # Without the buildx plugin the CLI falls back to the legacy builder anyway;
    # saying so explicitly keeps an inherited DOCKER_BUILDKIT=1 from failing the build.
    if ! docker buildx version >/dev/null 2>&1; then export DOCKER_BUILDKIT=0; fi
    docker build --build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "SOURCE_HASH=$hash" \
        --tag "$image" "$ctx" >&2
    # The install stage's image is useless once the venv is copied out (its wheels
    # change with every source change, so it never serves as a cache either).
    docker image prune --force --filter label=io.mosaico.stage=install >/dev/null
    log "image $image built in $(elapsed "$started")"
}

main() {
    local hash image ctx
    command -v docker >/dev/null || die "docker is not installed"
    if [ "${1:-}" = --base-only ]; then  # other images (mosaicod's) start from the same base
        exec 9>"${TMPDIR:-/tmp}/mosaico-docker-build.lock"
        command -v flock >/dev/null && flock 9
        have_image "$BASE_IMAGE" || build_base
        echo "$BASE_IMAGE"
        return
    fi
    hash=$(source_hash)
    image="$IMAGE_NAME:$hash"
    # One build at a time on this engine (parallel test sessions share it).
    exec 9>"${TMPDIR:-/tmp}/mosaico-docker-build.lock"
    command -v flock >/dev/null && flock 9
    if have_image "$image"; then
        log "image $image is up to date"
    else
        have_image "$BASE_IMAGE" || build_base
        ctx=$(mktemp -d "${TMPDIR:-/tmp}/mosaico-image-ctx.XXXXXX")
        # shellcheck disable=SC2064
        trap "rm -rf '$ctx'" EXIT
        build_wheels "$ctx"
        build_image "$ctx" "$image" "$hash"
    fi
    # A stable name for docker run / compose; tests use the exact tag printed below.
    docker tag "$image" "$IMAGE_NAME:latest"
    echo "$image"
}

main "$@"
