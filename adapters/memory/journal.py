"""An append-only journal of checksummed records, and snapshots in the same framing.

A record is one line: the CRC-32 of its JSON text as eight hex digits, a space,
the JSON text (which never holds a raw newline), then a newline; a reader knows
where each record ends and whether it is intact.

The journal gets one record per change, made durable with fsync before the change
is acknowledged; an append that fails is cut off again, so the file only ever
holds whole records. A crash can only tear the record being appended, the last
one: a damaged *last* record is dropped with a warning (it was never acknowledged)
and cut off before anything is appended. A damaged record followed by intact ones
is not a crash but damage, and loading stops.

A snapshot holds a whole state as records in the same framing, between a header
and an ``end`` record that counts them. It is replaced atomically, so any damage
in it stops loading. Both headers carry an *epoch*: a journal continues the
snapshot of the same epoch; one of an older epoch was folded into the snapshot.
"""

from __future__ import annotations

import json
import os
import sys
import weakref
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Generator, Iterable

from mosaicolabs.domain.errors import ServerError

from .persistence_files import DataDirectoryError, replace_atomically

__all__ = ["FORMAT", "Journal", "Scan", "encode_record", "json_headroom", "read_journal",
           "read_snapshot", "write_snapshot"]

FORMAT = 2
_HEADROOM = 2000


@contextmanager
def json_headroom() -> Generator[None, None, None]:
    """Allow deeper recursion while stored records are (re)encoded or decoded.

    A record was encoded at the writer's call depth, but may be read back (or
    rewritten into a snapshot) from a deeper stack; the headroom makes sure that
    whatever was once written can always be read again.
    """
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(old + _HEADROOM)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def encode_record(value: Any) -> bytes:
    """One framed record. Raises what ``json.dumps`` raises (e.g. RecursionError)."""
    text = json.dumps(value, separators=(",", ":"), allow_nan=False).encode("ascii")
    return b"%08x %s\n" % (zlib.crc32(text), text)


def _decode_record(line: bytes) -> Any:
    """The value of one framed record; ValueError if it is torn or damaged."""
    if not line.endswith(b"\n"):
        raise ValueError("incomplete record")
    head, _, text = line[:-1].partition(b" ")
    if len(head) != 8 or not all(c in b"0123456789abcdef" for c in head):
        raise ValueError("no checksum")
    if zlib.crc32(text) != int(head, 16):
        raise ValueError("checksum mismatch")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"undecodable record: {exc}") from None


@dataclass
class Scan:
    """A journal as read: its epoch, intact records, their size, and why a tail was dropped."""

    epoch: int
    records: list[Any]
    size: int
    torn: str | None = None


def _scan(path: Path, *, torn_tail: bool) -> tuple[list[Any], int, str | None]:
    """Intact records of ``path`` and their size; a damaged last one is dropped if allowed."""
    records: list[Any] = []
    size, bad = 0, None
    try:
        with open(path, "rb") as handle, json_headroom():
            for number, line in enumerate(handle, 1):
                if bad is not None:  # damage followed by more records: not a torn tail
                    raise DataDirectoryError(f"{path} is damaged at record {bad}; "
                                             "refusing to start")
                try:
                    records.append(_decode_record(line))
                except ValueError as exc:
                    bad = f"{number} ({exc})"
                    continue
                size += len(line)
    except OSError as exc:
        raise DataDirectoryError(f"{path} cannot be read: {exc.strerror or exc}") from None
    if bad is not None and not torn_tail:
        raise DataDirectoryError(f"{path} is damaged at record {bad}; refusing to start")
    return records, size, bad


def _epoch(path: Path, records: list[Any], kind: str) -> int:
    header = records[0] if records else None
    if not isinstance(header, dict) or not isinstance(header.get(kind), int):
        raise DataDirectoryError(f"{path} is damaged: it does not start with a {kind} header")
    if header.get("format") != FORMAT:
        raise DataDirectoryError(f"{path} has format {header.get('format')!r}, "
                                 f"this version reads format {FORMAT}")
    return int(header[kind])


def read_snapshot(path: Path) -> Scan:
    """The snapshot's epoch and records (header and end left out). Raises DataDirectoryError."""
    records, size, _ = _scan(path, torn_tail=False)
    epoch = _epoch(path, records, "snapshot")
    if records[-1] != {"end": len(records) - 2}:
        raise DataDirectoryError(f"{path} is damaged: it is cut short (no end record)")
    return Scan(epoch, records[1:-1], size)


def read_journal(path: Path) -> Scan:
    """The journal's epoch and intact records; a torn last record is reported in ``torn``."""
    records, size, torn = _scan(path, torn_tail=True)
    epoch = _epoch(path, records, "journal")
    return Scan(epoch, records[1:], size, torn)


def write_snapshot(path: Path, epoch: int, records: Iterable[Any]) -> int:
    """Replace the snapshot at ``path`` atomically; its size. Raises ServerError."""
    def write(handle: BinaryIO) -> int:
        count, size = 0, handle.write(encode_record({"format": FORMAT, "snapshot": epoch}))
        with json_headroom():  # as deep as anything the journal accepted (see above)
            for record in records:
                size += handle.write(encode_record(record))
                count += 1
        return size + handle.write(encode_record({"end": count}))

    return replace_atomically(path, write)


class Journal:
    """The open journal: appends records durably and takes back an append that failed."""

    def __init__(self, path: Path, size: int) -> None:
        """Open ``path`` for appending after its first ``size`` bytes (cutting off the rest)."""
        self.path = path
        self.size = size
        self.broken = False  # an append failed and could not be taken back
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        # Engines have no close(): the descriptor goes when the journal is collected.
        self._closer = weakref.finalize(self, os.close, self._fd)
        try:
            if os.fstat(self._fd).st_size != size:  # a torn record from a crash
                os.ftruncate(self._fd, size)
                os.fsync(self._fd)
        except OSError:
            self.close()
            raise

    @classmethod
    def create(cls, path: Path, epoch: int) -> Journal:
        """Replace ``path`` with an empty journal continuing the snapshot ``epoch``."""
        size = replace_atomically(
            path, lambda h: h.write(encode_record({"format": FORMAT, "journal": epoch})))
        try:
            return cls(path, size)
        except OSError as exc:
            raise ServerError(f"could not open {path.name}: {exc}") from exc

    def append(self, record: bytes) -> None:
        """Append one encoded record and make it durable. Raises ServerError if refused."""
        try:
            view = memoryview(record)
            while view:
                view = view[os.write(self._fd, view):]
            os.fsync(self._fd)
        except OSError as exc:
            self._take_back()
            raise ServerError(f"could not persist the change to {self.path.name}: {exc}") from exc
        self.size += len(record)

    def _take_back(self) -> None:
        """Cut off what a failed append left, so the journal ends with a whole record."""
        try:
            os.ftruncate(self._fd, self.size)
            os.fsync(self._fd)
        except OSError:
            self.broken = True  # its end is unknown: it must be replaced before more appends

    def close(self) -> None:
        try:
            self._closer()  # once only, however often it is called
        except OSError:
            pass  # nothing left to lose: every acknowledged record was synced
