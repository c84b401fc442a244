"""The mosaicod test image: our Debian base + Debian's PostgreSQL 15 + the local binary.

There is no image registry here, so the image is built from the base that
``docker/build.sh --base-only`` bootstraps. The binary is copied into a temporary build
context at build time and never enters the repository. The tag hashes everything that
goes in, so an unchanged binary is never rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .binary import MosaicodUnavailable

__all__ = ["IMAGE_NAME", "build_mosaicod_image"]

REPO = Path(__file__).resolve().parents[2]
CONTEXT_FILES = (REPO / "docker" / "mosaicod" / "Dockerfile",
                 REPO / "docker" / "mosaicod" / "entrypoint.sh")
IMAGE_NAME = os.environ.get("MOSAICOD_IMAGE_NAME", "mosaicod-reference")


def _tag(binary: Path) -> str:
    digest = hashlib.sha256()
    for path in (binary, *CONTEXT_FILES):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _have(image: str) -> bool:
    found = subprocess.run(["docker", "image", "inspect", image], capture_output=True)
    return found.returncode == 0


def _run(cmd: list[str], what: str, **kwargs: object) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise MosaicodUnavailable(f"{what} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return str(done.stdout)


def build_mosaicod_image(binary: Path) -> str:
    """Build (or find) the image for ``binary``; returns ``mosaicod-reference:<tag>``.

    Raises:
        MosaicodUnavailable: the base image or the build failed (the message says why).
    """
    image = f"{IMAGE_NAME}:{_tag(binary)}"
    if _have(image):
        return image
    env = {**os.environ, "PYTHON": sys.executable}
    base = _run(["bash", str(REPO / "docker" / "build.sh"), "--base-only"], "base image",
                env=env).strip().splitlines()[-1]
    with tempfile.TemporaryDirectory(prefix="mosaicod-image-") as ctx:
        for path in CONTEXT_FILES:
            shutil.copy2(path, ctx)
        shutil.copy2(binary, Path(ctx) / "mosaicod")
        if subprocess.run(["docker", "buildx", "version"], capture_output=True).returncode:
            env["DOCKER_BUILDKIT"] = "0"  # the legacy builder, said explicitly
        _run(["docker", "build", "--build-arg", f"BASE_IMAGE={base}", "--build-arg",
              f"SOURCE_HASH={image.rsplit(':', 1)[1]}", "--tag", image, ctx],
             "docker build of the mosaicod image", env=env)
    _remove_older_tags(image)
    return image


def _remove_older_tags(current: str) -> None:
    """Images of older binaries or context files: never used again, ~600 MB each."""
    listed = subprocess.run(["docker", "image", "ls", "--format", "{{.Repository}}:{{.Tag}}",
                             IMAGE_NAME], capture_output=True, text=True)
    stale = [ref for ref in listed.stdout.split() if ref != current]
    if stale:
        subprocess.run(["docker", "image", "rm", *stale], capture_output=True)
