"""The server a benchmark run measures against: the mock server or mosaicod.

Both are started the same way (:func:`started`) and give a :class:`Running`: the port the
cases connect to, what the report records about the server, and its log. mosaicod comes
from :mod:`harness.mosaicod`; the binary is ``--mosaicod-bin``, else ``$MOSAICOD_BIN``,
else the optimised cached build (cargo profile ``optimized``: LTO, one codegen unit) when
present, else the cached release build.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .server import server_process

__all__ = ["KINDS", "Running", "choose_binary", "is_optimized", "optimized_binary_path",
           "started"]

KINDS = ("mock", "mosaicod")


@dataclass(frozen=True)
class Running:
    """A serving server: where the cases connect and what the report says about it."""

    port: int
    info: dict
    log: Callable[[], str] | None = None


def optimized_binary_path() -> Path:
    """Where the optimised build of the reference release is cached."""
    from harness.mosaicod.binary import cached_binary_path

    release = cached_binary_path()
    return release.with_name(f"{release.name}-optimized")


def choose_binary(explicit: str | None) -> Path:
    """Set ``$MOSAICOD_BIN`` for the harness (explicit, else the optimised build if
    cached) and return the binary it will run.

    Raises:
        MosaicodUnavailable: no executable binary there.
    """
    from harness.mosaicod import BINARY_ENV, find_binary

    if explicit:
        os.environ[BINARY_ENV] = str(Path(explicit).expanduser().resolve())
    elif not os.environ.get(BINARY_ENV):
        optimized = optimized_binary_path()
        if optimized.is_file() and os.access(optimized, os.X_OK):
            os.environ[BINARY_ENV] = str(optimized)
    return find_binary()


def is_optimized(binary: Path) -> bool:
    """Whether the binary is an ``optimized``-profile build (by its name or cargo folder)."""
    return any("optimized" in part for part in binary.resolve().parts[-2:])


@contextmanager
def _mock() -> Iterator[Running]:
    with server_process() as port:
        yield Running(port, {"kind": "mock"})


@contextmanager
def _mosaicod(binary: str | None, runtime: str) -> Iterator[Running]:
    from harness.mosaicod import MosaicodFleet, binary_version

    path = choose_binary(binary)
    info = {"kind": "mosaicod", "binary": str(path), "version": binary_version(path),
            "optimized": is_optimized(path)}
    with tempfile.TemporaryDirectory(prefix="bench-mosaicod-") as tmp:
        Path(tmp).chmod(0o755)  # PostgreSQL runs as its own OS user when we are root
        with MosaicodFleet(Path(tmp), runtime=runtime) as fleet:
            server = fleet.start()
            yield Running(server.port, {**info, "runtime": server.runtime}, server.log)


def started(kind: str, binary: str | None = None, runtime: str = "process"):
    """A context manager that starts the ``kind`` server and yields a :class:`Running`."""
    if kind not in KINDS:
        raise ValueError(f"unknown server {kind!r}; one of {', '.join(KINDS)}")
    return _mock() if kind == "mock" else _mosaicod(binary, runtime)
