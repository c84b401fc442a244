"""Topic data files: one checksummed Arrow IPC file per completed topic.

A file's SHA-256 and size go into the topic's catalog record, which is written
only once the file is durable. Loading just checks that each file is there with
its size (one ``stat``, so start-up stays fast); the checksum is verified the
first time the rows are needed, before anything reads them (memory-mapped, so the
rows are not copied). A missing or damaged file fails that topic's reads with a
:class:`~.persistence_files.DamagedDataError` naming the file; it is never served,
and the rest of the catalog is unaffected.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any, BinaryIO, Callable

import pyarrow as pa

from mosaicolabs.domain.catalog import TimeRange

from .persistence_files import DamagedDataError, remove_quietly, replace_atomically
from .records import StoredFile

__all__ = ["TopicFiles"]


class _Hashing(io.RawIOBase):
    """A write-only stream that hashes what goes through it to ``target``."""

    def __init__(self, target: BinaryIO) -> None:
        super().__init__()
        self._target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.digest.update(data)
        written = self._target.write(data)
        self.size += written
        return written

    def tell(self) -> int:
        return self.size


class TopicFiles:
    """The ``topics/`` folder of a data directory."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, uuid: str) -> Path:
        return self.folder / f"{uuid}.arrow"

    def _name(self, uuid: str) -> str:
        return f"{self.folder.name}/{uuid}.arrow"

    def write(self, uuid: str, table: pa.Table) -> StoredFile:
        """Store a completed topic's rows durably; what the catalog must know of the file."""
        def write(handle: BinaryIO) -> StoredFile:
            sink = _Hashing(handle)
            with pa.ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table)
            return StoredFile(sink.digest.hexdigest(), sink.size)

        return replace_atomically(self.path(uuid), write)

    def problem(self, uuid: str, locator: str, stored: StoredFile | None) -> str | None:
        """What is visibly wrong with a topic's file (missing, wrong size), else ``None``."""
        try:
            size = self.path(uuid).stat().st_size
        except FileNotFoundError:
            return f"topic {locator}: data file {self._name(uuid)} is missing"
        except OSError as exc:
            return f"topic {locator}: data file {self._name(uuid)} cannot be read ({exc})"
        if stored is not None and size != stored.size:
            return (f"topic {locator}: data file {self._name(uuid)} is damaged "
                    f"({size} bytes, {stored.size} expected)")
        return None

    def loader(self, uuid: str, locator: str,
               stored: StoredFile | None) -> Callable[[], pa.Table]:
        """A function reading the rows, after checking the file against ``stored``."""
        return lambda: self._read(uuid, locator, stored)

    def _read(self, uuid: str, locator: str, stored: StoredFile | None) -> pa.Table:
        where = f"topic {locator}: data file {self._name(uuid)}"
        try:
            data = pa.memory_map(str(self.path(uuid))).read_buffer()
        except (OSError, pa.ArrowException) as exc:
            raise DamagedDataError(f"{where} cannot be read ({exc})", resource=locator) from None
        if stored is not None and (data.size != stored.size
                                   or hashlib.sha256(data).hexdigest() != stored.sha256):
            raise DamagedDataError(f"{where} is damaged (checksum mismatch); its rows are not "
                                   "served", resource=locator)
        try:
            return pa.ipc.open_file(data).read_all()
        except (OSError, pa.ArrowException) as exc:
            raise DamagedDataError(f"{where} is damaged ({exc})", resource=locator) from None

    def inspect(self, uuid: str) -> tuple[pa.Schema, TimeRange | None, StoredFile] | None:
        """Schema, time bounds and checksum of a file no catalog describes yet (old format)."""
        try:
            data = pa.memory_map(str(self.path(uuid))).read_buffer()
            table = pa.ipc.open_file(data).read_all()
        except (OSError, pa.ArrowException):
            return None  # left for the reads to report, as for any damaged file
        bounds = None
        if table.num_rows:
            stamps = table.column("timestamp_ns")
            bounds = TimeRange(int(stamps[0].as_py()), int(stamps[-1].as_py()))
        return table.schema, bounds, StoredFile(hashlib.sha256(data).hexdigest(), data.size)

    def remove(self, uuid: str) -> None:
        """Delete a topic's file (best effort: a leftover is swept at the next start)."""
        remove_quietly(self.path(uuid))

    def sweep(self, keep: set[str]) -> None:
        """Delete files of topics that no longer exist, and temporary files."""
        for path in self.folder.iterdir():
            if path.suffix == ".tmp" or path.stem not in keep:
                remove_quietly(path)
