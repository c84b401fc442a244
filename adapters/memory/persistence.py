"""Keeping the engine's state in a data directory, so a restarted server has it all.

Layout: ``snapshot.jsonl`` (catalog, notifications and API-key digests at some
point), ``journal.jsonl`` (each change since, one checksummed record per change,
see :mod:`.journal`) and one Arrow IPC file per completed topic under ``topics/``
(see :mod:`.persistence_topics`). What it guarantees:

* Acknowledged means durable. The engine applies a change in memory, then it is
  journaled as one record and synced; only then does the call return. A change
  the disk refuses (full disk, a value that cannot be encoded …) is undone in
  memory, the same objects in the same order (:mod:`.persistence_tracking`), and
  the call raises ServerError; later changes work normally. Memory never runs
  ahead of the disk.
* A write costs the same however large the catalog: only what changed is written.
  When the journal outgrows twice the snapshot, both are folded into a new
  snapshot; that copy is paid for by the writes that grew the journal.
* Every whole file (snapshot, new journal, topic file) is written to a temporary
  name, synced and renamed, then the directory is synced: a crash leaves either
  the old or the new version, never half a file. A crash can tear only the
  journal's last record, never acknowledged: it is dropped with a warning.
* A topic's data file is durable *before* the catalog marks it locked, so an
  acknowledged upload is never lost; an upload that never completed is never
  written at all.
* Checksums on every file: CRC-32 on each journal and snapshot record, SHA-256 of
  each topic file in its catalog record, checked when its rows are first needed.
  Damage is never served: a damaged topic's reads fail naming its file while the
  rest works; a damaged snapshot, or journal damage before its last record, stops
  start-up with a one-line DataDirectoryError naming the file.
* Tokens are not stored, only their SHA-256 digests.
* Directories of the first format (one ``state.json``) load, and are rewritten in
  this one (:mod:`.persistence_legacy`).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from mosaicolabs.domain.errors import ServerError

from .journal import Journal, encode_record, read_journal, read_snapshot, write_snapshot
from .persistence_codec import KINDS, Image, build_records, change_ops, state_ops
from .persistence_files import DataDirectoryError, remove_quietly, sync_dir
from .persistence_legacy import read_legacy
from .persistence_topics import TopicFiles
from .persistence_tracking import ChangeSet, TrackedDict
from .records import TopicRecord

if TYPE_CHECKING:
    from .keyring import KeyRing

__all__ = ["CatalogStore", "DataDirectory", "DataDirectoryError"]

_log = logging.getLogger(__name__)

SNAPSHOT, JOURNAL, LEGACY = "snapshot.jsonl", "journal.jsonl", "state.json"
_COMPACT_RATIO = 2  # fold the journal into a new snapshot past this multiple of its size
_COMPACT_MIN = 1 << 20  # … but never for less than this many bytes


class DataDirectory:
    """The files of a data directory: the catalog's snapshot and journal, topic files."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            (self.path / "topics").mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataDirectoryError(f"{self.path} cannot be used: {exc}") from None
        self.topics = TopicFiles(self.path / "topics")
        self._journal: Journal | None = None
        self._journal_size: int | None = None  # intact bytes of a journal to continue
        self._epoch = 0
        self._snapshot_size = 0
        self._compact_at = _COMPACT_MIN
        self._state: Callable[[], Iterable[Any]] = lambda: ()

    # -- loading ----------------------------------------------------------------------
    def load(self) -> Image:
        """What the directory holds (nothing for a new one). Raises DataDirectoryError."""
        snapshot, journal, legacy = (self.path / name for name in (SNAPSHOT, JOURNAL, LEGACY))
        if snapshot.exists():
            return self._load_current(snapshot, journal)
        if journal.exists():
            raise DataDirectoryError(f"{snapshot} is missing, and {journal.name} only holds "
                                     "changes to it; refusing to start")
        if legacy.exists():
            return read_legacy(legacy, self.topics)
        return Image()

    def _load_current(self, snapshot: Path, journal: Path) -> Image:
        image = Image()
        scan = read_snapshot(snapshot)
        self._epoch, self._snapshot_size = scan.epoch, scan.size
        _replay(image, snapshot, scan.records)
        if not journal.exists():  # a crash right after a snapshot, or a lost journal
            _log.warning("%s is missing; starting a new one after %s", journal, snapshot.name)
            return image
        tail = read_journal(journal)
        if tail.epoch > scan.epoch:
            raise DataDirectoryError(f"{journal} continues a newer snapshot than {snapshot.name} "
                                     f"({tail.epoch} > {scan.epoch}); refusing to start")
        if tail.epoch < scan.epoch:  # already folded into the snapshot (crash while folding)
            return image
        if tail.torn is not None:
            _log.warning("%s: dropped its last record %s, torn by a crash; it had not been "
                         "acknowledged", journal, tail.torn)
        for record in tail.records:
            if not isinstance(record, dict) or not isinstance(record.get("ops"), list):
                raise DataDirectoryError(f"{journal} is damaged: a record holds no operations")
            _replay(image, journal, record["ops"])
        self._journal_size = tail.size
        return image

    def start(self, state: Callable[[], Iterable[Any]], keep: set[str]) -> None:
        """Get ready for changes; ``state()`` gives the whole state as operations."""
        self._state = state
        if self._journal_size is not None:
            try:
                self._journal = Journal(self.path / JOURNAL, self._journal_size)
            except OSError as exc:  # read-only, say: the first change will tell
                _log.warning("cannot append to %s: %s", JOURNAL, exc)
        else:  # new directory, first format, or no journal to continue: write both
            self._try_compact()
        self._set_compact_at()
        for stray in self.path.glob("*.tmp"):
            remove_quietly(stray)
        if self._journal is not None:  # a state.json migrated just before a crash
            self._drop_legacy()
        try:
            self.topics.sweep(keep)
        except OSError as exc:
            _log.warning("could not sweep %s: %s", self.topics.folder, exc)

    # -- writing ----------------------------------------------------------------------
    def commit(self, ops: list[Any]) -> None:
        """Make ``ops`` durable as one journal record. Raises ServerError; nothing is kept."""
        if not ops:
            return
        try:
            record = encode_record({"ops": ops})
        except (RecursionError, ValueError, TypeError) as exc:
            raise ServerError(f"could not persist the change: it cannot be encoded ({exc})") \
                from None
        if self._journal is None or self._journal.broken:
            # The snapshot is taken from memory, this change included: it is the commit.
            self._compact()
            return
        self._journal.append(record)
        if self._journal.size > self._compact_at:
            self._try_compact()

    def _compact(self) -> None:
        """Write memory as a new snapshot and start an empty journal. Raises ServerError."""
        epoch = self._epoch + 1
        self._snapshot_size = write_snapshot(self.path / SNAPSHOT, epoch, self._state())
        # The snapshot now holds the state; the old journal is stale, and is never appended
        # to again: a failure below only postpones the new journal to the next change.
        self._epoch = epoch
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        try:
            self._journal = Journal.create(self.path / JOURNAL, epoch)
        except ServerError as exc:
            _log.warning("%s; the next change will try again", exc)
        self._set_compact_at()
        self._drop_legacy()

    def _drop_legacy(self) -> None:
        """Remove a first-format ``state.json`` once the current files hold its state."""
        legacy = self.path / LEGACY
        if legacy.exists():
            remove_quietly(legacy)
            try:
                sync_dir(self.path)
            except OSError:
                pass  # if the removal is lost, the snapshot still takes precedence over it

    def _try_compact(self) -> None:
        """Compact; a failure is only logged (everything is already durable)."""
        try:
            self._compact()
        except Exception as exc:  # noqa: BLE001 - the change itself is durable: never fail it
            _log.warning("could not write a new %s: %s", SNAPSHOT, exc)
            grown = self._journal.size if self._journal is not None else 0
            self._compact_at = grown + self._threshold()  # retry after as many bytes again

    def _threshold(self) -> int:
        return max(_COMPACT_MIN, _COMPACT_RATIO * self._snapshot_size)

    def _set_compact_at(self) -> None:
        self._compact_at = self._threshold()


def _replay(image: Image, path: Path, ops: Iterable[Any]) -> None:
    try:
        for op in ops:
            image.apply(op)
    except ValueError as exc:
        raise DataDirectoryError(f"{path} is damaged: {exc}; refusing to start") from None


class CatalogStore:
    """The engine's records kept in a data directory: loaded at start, each change journaled.

    ``tables`` are the engine's dicts (by kind); changes to them and to the records
    in them are tracked, so :meth:`persist` writes only those, or undoes them.
    """

    def __init__(self, path: str | os.PathLike[str], keys: KeyRing) -> None:
        self.disk = DataDirectory(path)
        self.changes = ChangeSet()
        self.tables = {kind: TrackedDict(kind, self.changes) for kind in KINDS}
        self._keys = keys
        self._durable_keys: list[dict[str, Any]] = []

    def load(self) -> None:
        """Fill the tables and the key ring from the directory. Raises DataDirectoryError."""
        image = self.disk.load()
        try:
            records = build_records(image)
            self._keys.restore(image.keys)
        except (KeyError, TypeError, ValueError) as exc:
            raise DataDirectoryError(f"{self.disk.path} holds a malformed catalog record "
                                     f"({exc!r}); refusing to start") from None
        for kind, loaded in zip(KINDS, records, strict=True):
            self.tables[kind].update(loaded)
        for topic in records[2].values():
            self._attach(topic)
        self._durable_keys = image.keys
        self.changes.clear()  # loading is not a change
        keep = {t.uuid for t in records[2].values() if t.completed_at_ns is not None}
        self.disk.start(lambda: state_ops(self.tables, self._keys.export), keep)

    def _attach(self, topic: TopicRecord) -> None:
        """Point a completed topic at its file, or say what is wrong with the file."""
        if topic.completed_at_ns is None:
            return
        files = self.disk.topics
        problem = files.problem(topic.uuid, topic.locator, topic.stored)
        if problem is not None:
            topic.mark_damaged(problem)
        else:
            topic.rows_from(files.loader(topic.uuid, topic.locator, topic.stored))

    def persist(self, topic: TopicRecord | None = None, *, keys: bool = False) -> None:
        """Make the tracked changes (and ``topic``'s rows, first) durable, or undo them.

        Raises:
            ServerError: the disk refused; memory is back as it was before the change.
        """
        self.changes.keys_changed |= keys
        written = None
        try:
            if topic is not None and topic.table is not None:
                topic.stored = self.disk.topics.write(topic.uuid, topic.table)
                written = topic.uuid
            self.disk.commit(change_ops(self.changes, self.tables, self._keys.export))
        except BaseException:
            self._undo(written)
            raise
        self._settle()

    def _undo(self, written: str | None) -> None:
        keys = self.changes.keys_changed
        self.changes.rollback()
        if keys:
            self._keys.restore(self._durable_keys)
        if written is not None:  # rows of an upload that is not acknowledged after all
            self.disk.topics.remove(written)

    def _settle(self) -> None:
        """After a durable change: remember the keys, delete files of deleted topics."""
        if self.changes.keys_changed:
            self._durable_keys = self._keys.export()
        for table, key, previous in self.changes.entries():
            if (table.kind == "topic" and previous is not None and previous.stored is not None
                    and dict.get(table, key) is not previous):
                self.disk.topics.remove(previous.uuid)
        self.changes.clear()
