"""Files of the data directory: atomic replacement, and the errors damaged files raise.

Every whole file (snapshot, new journal, topic data) is written to a temporary
name, flushed with fsync and renamed over the old one, then its directory is
synced: a crash leaves either the old or the new version, never half a file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO, Callable, TypeVar

from mosaicolabs.domain.errors import ServerError

__all__ = [
    "DamagedDataError",
    "DataDirectoryError",
    "remove_quietly",
    "replace_atomically",
    "sync_dir",
]

T = TypeVar("T")


class DataDirectoryError(ServerError):
    """The data directory cannot be loaded: a file is damaged, missing or unknown.

    Its message is one line that names the file, fit to end a start-up with.
    """


class DamagedDataError(ServerError):
    """A topic's data file is missing or damaged; its rows are never served."""


def sync_dir(path: Path) -> None:
    """Make a rename or a deletion in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_atomically(target: Path, write: Callable[[BinaryIO], T]) -> T:
    """Write ``target`` through ``write(handle)`` (whose result is returned), atomically.

    Raises:
        ServerError: the disk refused (full disk, read-only volume …); the old
            file, if any, is untouched and no temporary file is left behind.
    """
    temporary = target.with_name(target.name + ".tmp")
    try:
        with open(temporary, "wb") as handle:
            result = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        sync_dir(target.parent)
    except BaseException as exc:
        remove_quietly(temporary)
        if isinstance(exc, OSError):
            raise ServerError(f"could not persist {target.name}: {exc}") from exc
        raise
    return result


def remove_quietly(path: Path) -> None:
    """Delete ``path`` if it exists; a failure only leaves a file the next start sweeps."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # not an error for the caller: the file is no longer referenced
