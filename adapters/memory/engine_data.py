"""Data and notification operations of :class:`MemoryEngine` (a mixin).

Kept apart from the catalog rules in ``engine.py``: uploads (the server's DoPut),
bounded reads (DoGet), query evaluation and notifications. Every method takes the
engine's lock; state changes are persisted when the engine has a data directory.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Iterator, Mapping

import pyarrow as pa

from mosaicolabs.domain.catalog import Topic
from mosaicolabs.domain.errors import ConflictError, InvalidRequestError, NotFoundError
from mosaicolabs.domain.notifications import Notification
from mosaicolabs.domain.query_result import QueryHit

from .persistence_files import DamagedDataError
from .query_eval import QuerySnapshot, evaluate_query
from .records import NotificationRecord, SequenceRecord, TopicRecord
from .uploads import TopicKeyMismatchError, TopicUpload, check_upload_schema, read_sorted

__all__ = ["DataOperations"]

_I64_MIN, _I64_MAX = -(2**63), 2**63 - 1


class DataOperations:
    """Uploads, reads, queries and notifications over the engine's records."""

    _lock: threading.RLock
    _clock: Callable[[], int]
    _max_chunk_bytes: int | None
    _sequences: dict[str, SequenceRecord]
    _topics: dict[str, TopicRecord]

    def _topic(self, locator: str) -> TopicRecord:
        raise NotImplementedError

    def _sequence(self, name: str) -> SequenceRecord:
        raise NotImplementedError

    def _persist(self, topic: TopicRecord | None = None) -> None:
        raise NotImplementedError

    # -- data -------------------------------------------------------------------------
    def begin_upload(self, locator: str, topic_uuid: str, schema: pa.Schema) -> TopicUpload:
        """Start the one upload of a topic (the server's DoPut)."""
        with self._lock:
            record = self._topic(locator)
            if str(topic_uuid) != record.uuid:
                raise TopicKeyMismatchError(
                    f"topic_uuid does not match topic '{locator}'", resource=locator
                )
            if record.locked:
                raise ConflictError(f"Topic `{locator}` is locked.", resource=locator)
            if record.uploading:
                raise ConflictError(f"topic '{locator}' already has an upload", resource=locator)
            check_upload_schema(schema, locator)
            record.uploading = True
            return TopicUpload(self._commit_upload, self._abort_upload, record, schema,
                               self._max_chunk_bytes)

    def _commit_upload(self, record: TopicRecord, schema: pa.Schema, table: pa.Table,
                       chunks: int, size: int, chunk_ids: pa.Array | None = None) -> None:
        with self._lock:
            if self._topics.get(record.locator) is not record:
                # Deleted (or its sequence deleted) while the upload ran: storing the rows
                # now would acknowledge data that is gone, so the upload fails instead.
                raise NotFoundError(f"topic '{record.locator}' was deleted during its upload",
                                    resource=record.locator)
            record.schema, record.table, record.chunk_ids = schema, table, chunk_ids
            record.chunks_number, record.total_bytes = chunks, size
            record.uploading = False
            record.completed_at_ns = self._clock()
            self._persist(record)  # data file first, then the catalog: durable before OK

    def _abort_upload(self, record: TopicRecord) -> None:
        with self._lock:
            record.uploading = False

    def read_topic(
        self, locator: str, start_ns: int | None = None, end_ns: int | None = None
    ) -> tuple[Topic, Iterator[pa.RecordBatch]]:
        """The topic snapshot and its rows in ``[start_ns, end_ns)``, sorted by time."""
        # Untyped callers may pass anything (pyright trusts the annotation).
        for bound in (start_ns, end_ns):
            if bound is not None and (
                isinstance(bound, bool)
                or not isinstance(bound, int)  # pyright: ignore[reportUnnecessaryIsInstance]
                or not _I64_MIN <= bound <= _I64_MAX
            ):
                raise InvalidRequestError(f"time bound {bound!r} is not an int64 nanosecond value")
        with self._lock:
            record = self._topic(locator)
            snapshot = record.snapshot()
            table, damage = record.table, record.damage
        if damage is not None:  # its file is missing or damaged: never served as data
            raise DamagedDataError(damage, resource=locator)
        if table is None:
            schema = snapshot.schema or pa.schema([pa.field("timestamp_ns", pa.int64(), False)])
            table = schema.empty_table()
        return snapshot, read_sorted(table, start_ns, end_ns)

    def query(self, blocks: Mapping[str, Any]) -> list[QueryHit]:
        """Evaluate a ``query`` action's blocks (protocol.md §6); see :mod:`.query_eval`."""
        with self._lock:
            snapshot = QuerySnapshot.take(self._sequences.values(), self._topics.values())
        return evaluate_query(blocks, snapshot)  # outside the lock: the snapshot is immutable

    # -- notifications ----------------------------------------------------------------
    def _notification_owner(self, locator: str) -> SequenceRecord | TopicRecord:
        if "/" in locator:
            return self._topic(locator)
        return self._sequence(locator)

    def _notes_of(self, locator: str) -> list[NotificationRecord]:
        """The notifications of ``locator``; none for a sequence that does not exist.

        mosaicod 0.3.0 looks a sequence's notifications up by name, so an unknown
        sequence simply has none; an unknown topic is an error there (and here).
        """
        if "/" not in locator and locator not in self._sequences:
            return []
        return self._notification_owner(locator).notifications

    def create_notification(self, locator: str, notification_type: str, message: str) -> None:
        if notification_type != "error":
            raise InvalidRequestError(
                f"unknown notification type {notification_type!r} (only 'error' exists)"
            )
        with self._lock:
            owner = self._notification_owner(locator)
            owner.notifications.append(NotificationRecord(locator, str(message), self._clock()))
            self._persist()

    def list_notifications(self, locator: str) -> list[Notification]:
        """Oldest first; ``[]`` for a sequence that does not exist (as mosaicod 0.3.0)."""
        with self._lock:
            return [n.snapshot() for n in self._notes_of(locator)]

    def purge_notifications(self, locator: str) -> None:
        """Remove them all; nothing to do for a sequence that does not exist."""
        with self._lock:
            notes = self._notes_of(locator)
            if notes:
                notes.clear()
                self._persist()
