"""Topic uploads and reads over the engine's stored tables.

An upload collects batches privately and becomes visible only at ``commit``,
which sorts the rows by ``timestamp_ns`` and locks the topic in one step, so a
partial upload is never half-visible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from mosaicolabs.domain.errors import ConflictError, InvalidRequestError

if TYPE_CHECKING:
    from .engine import MemoryEngine
    from .records import TopicRecord

__all__ = ["TopicUpload", "check_upload_schema", "read_sorted"]


def check_upload_schema(schema: pa.Schema, locator: str) -> None:
    """Require an int64 ``timestamp_ns`` column, as the server does."""
    index = schema.get_field_index("timestamp_ns")
    if index < 0:
        raise InvalidRequestError(
            f"schema for topic {locator} has no 'timestamp_ns' column", resource=locator
        )
    if not pa.types.is_int64(schema.field(index).type):
        raise InvalidRequestError(
            f"column 'timestamp_ns' of topic {locator} must be int64, "
            f"not {schema.field(index).type}",
            resource=locator,
        )


def _is_sorted(stamps: pa.ChunkedArray) -> bool:
    """Whether ``stamps`` never decreases (one vectorized pass)."""
    flat = stamps.combine_chunks()
    if len(flat) < 2:
        return True
    return bool(pc.all(pc.greater_equal(flat.slice(1), flat.slice(0, len(flat) - 1))).as_py())


class TopicUpload:
    """The single upload of one topic. Use ``append`` then ``commit`` (or ``abort``)."""

    def __init__(self, engine: MemoryEngine, record: TopicRecord, schema: pa.Schema) -> None:
        self._engine = engine
        self._record = record
        self._schema = schema.remove_metadata()
        self._batches: list[pa.RecordBatch] = []
        self._bytes = 0
        self._done = False

    @property
    def locator(self) -> str:
        return self._record.locator

    def append(self, batch: pa.RecordBatch) -> None:
        """Add one batch; its schema must equal the declared one (metadata aside)."""
        if self._done:
            raise ConflictError(f"upload of {self.locator} is already finished")
        if not batch.schema.remove_metadata().equals(self._schema):
            raise InvalidRequestError(
                f"batch schema does not match the schema declared for {self.locator}",
                resource=self.locator,
            )
        if batch.num_rows == 0:
            return  # empty batches carry nothing; storing them would break readers
        if batch.column("timestamp_ns").null_count:
            raise InvalidRequestError(
                f"batch for {self.locator} has null timestamp_ns values; every row needs one",
                resource=self.locator,
            )
        self._batches.append(batch)
        self._bytes += pa.ipc.get_record_batch_size(batch)

    def commit(self) -> None:
        """Store the data sorted by time and lock the topic."""
        if self._done:
            raise ConflictError(f"upload of {self.locator} is already finished")
        self._done = True
        table = pa.Table.from_batches(self._batches, schema=self._schema)
        if table.num_rows and not _is_sorted(table.column("timestamp_ns")):
            # Reordering nested columns is expensive; most uploads arrive in time order.
            order = pc.sort_indices(table, sort_keys=[("timestamp_ns", "ascending")])
            table = table.take(order)
        self._engine._commit_upload(
            self._record, self._schema, table, len(self._batches), self._bytes
        )

    def abort(self) -> None:
        """Drop everything received; the topic stays unlocked and empty."""
        if not self._done:
            self._done = True
            self._engine._abort_upload(self._record)


def read_sorted(
    table: pa.Table, start_ns: int | None, end_ns: int | None, max_rows: int = 65_536
) -> Iterator[pa.RecordBatch]:
    """Yield non-empty batches of rows with ``start_ns <= timestamp_ns < end_ns``.

    ``table`` is sorted by ``timestamp_ns``, so the range is one contiguous slice.
    """
    lo, hi = 0, table.num_rows
    if table.num_rows:
        ts = table.column("timestamp_ns")
        # Rows are sorted, so the count of rows below a bound is its insertion index.
        if start_ns is not None:
            lo = pc.sum(pc.less(ts, start_ns)).as_py() or 0
        if end_ns is not None:
            hi = pc.sum(pc.less(ts, end_ns)).as_py() or 0
    selected = table.slice(lo, max(0, hi - lo))
    for batch in selected.to_batches(max_chunksize=max_rows):
        if batch.num_rows:
            yield batch
