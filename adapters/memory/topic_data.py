"""A topic's rows: its one upload (the server's DoPut) and bounded reads (DoGet).

An upload runs outside the lock (:class:`~.uploads.TopicUpload` collects the
batches privately); only starting it and storing its result take the state's
lock. Storing writes the topic's data file before the catalog marks it locked,
so an acknowledged upload is durable.
"""

from __future__ import annotations

from typing import Iterator

import pyarrow as pa

from mosaicolabs.domain.catalog import Topic
from mosaicolabs.domain.errors import ConflictError, InvalidRequestError, NotFoundError

from .persistence_files import DamagedDataError
from .records import TopicRecord
from .state import EngineState
from .uploads import TopicKeyMismatchError, TopicUpload, check_upload_schema, read_sorted

__all__ = ["TopicData"]

_I64_MIN, _I64_MAX = -(2**63), 2**63 - 1


class TopicData:
    """Uploads to and reads from the topics of ``state``.

    Args:
        state: The engine's records.
        max_chunk_bytes: Size at which an upload's stored chunk is closed (``None``
            or 0: one chunk per upload).
    """

    def __init__(self, state: EngineState, max_chunk_bytes: int | None) -> None:
        self._state = state
        self._max_chunk_bytes = max_chunk_bytes

    def begin_upload(self, locator: str, topic_uuid: str, schema: pa.Schema) -> TopicUpload:
        """Start the one upload of a topic (the server's DoPut)."""
        with self._state.lock:
            record = self._state.topic(locator)
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
            return TopicUpload(self._store, self._release, record, schema,
                               self._max_chunk_bytes)

    def _store(self, record: TopicRecord, schema: pa.Schema, table: pa.Table,
               chunks: int, size: int, chunk_ids: pa.Array | None = None) -> None:
        """Keep a committed upload's rows and lock the topic (the upload calls this)."""
        state = self._state
        with state.lock:
            if state.topics.get(record.locator) is not record:
                # Deleted (or its sequence deleted) while the upload ran: storing the rows
                # now would acknowledge data that is gone, so the upload fails instead.
                raise NotFoundError(f"topic '{record.locator}' was deleted during its upload",
                                    resource=record.locator)
            record.schema, record.table, record.chunk_ids = schema, table, chunk_ids
            record.chunks_number, record.total_bytes = chunks, size
            record.uploading = False
            record.completed_at_ns = state.clock()
            state.persist(record)  # data file first, then the catalog: durable before OK

    def _release(self, record: TopicRecord) -> None:
        """Free the topic of an aborted upload (the upload calls this)."""
        with self._state.lock:
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
        with self._state.lock:
            record = self._state.topic(locator)
            snapshot = record.snapshot()
            table, damage = record.table, record.damage
        if damage is not None:  # its file is missing or damaged: never served as data
            raise DamagedDataError(damage, resource=locator)
        if table is None:
            schema = snapshot.schema or pa.schema([pa.field("timestamp_ns", pa.int64(), False)])
            table = schema.empty_table()
        return snapshot, read_sorted(table, start_ns, end_ns)
