"""Where the mosaicod binary is, and why it may not be there.

mosaicod is AGPL-3.0: nothing of it is kept in this repository. Tests and benchmarks use a
binary built on the machine, found through ``$MOSAICOD_BIN`` or the cache path that the
build step writes (``~/.cache/mosaico-reference/mosaicod-0.3.0``).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

__all__ = [
    "BINARY_ENV",
    "VERSION",
    "MosaicodUnavailable",
    "binary_version",
    "cached_binary_path",
    "find_binary",
]

#: The environment variable naming the binary to use.
BINARY_ENV = "MOSAICOD_BIN"
#: The release the suite's expectations were written against.
VERSION = "0.3.0"


class MosaicodUnavailable(RuntimeError):
    """No usable mosaicod binary (or PostgreSQL, or Docker) on this machine; says which."""


def cached_binary_path() -> Path:
    """The path the build step writes the binary to."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "mosaico-reference" / f"mosaicod-{VERSION}"


def find_binary() -> Path:
    """The mosaicod binary to run.

    Raises:
        MosaicodUnavailable: ``$MOSAICOD_BIN`` names no executable, or nothing is cached.
    """
    named = os.environ.get(BINARY_ENV)
    path = Path(named) if named else cached_binary_path()
    if not (path.is_file() and os.access(path, os.X_OK)):
        origin = f"${BINARY_ENV}" if named else "the build cache"
        raise MosaicodUnavailable(f"no mosaicod binary at {path} ({origin}); build mosaicod "
                                  f"{VERSION} and copy it there, or set ${BINARY_ENV}")
    return path


def binary_version(path: Path) -> str:
    """What ``mosaicod --version`` prints (for reports), e.g. ``mosaicod 0.3.0``."""
    done = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30)
    return (done.stdout or done.stderr).strip()
