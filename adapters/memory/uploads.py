"""Topic uploads and reads over the engine's stored tables.

An upload collects batches privately and becomes visible only at ``commit``,
which sorts the rows by ``timestamp_ns`` and locks the topic in one step, so a
partial upload is never half-visible.

Like mosaicod 0.3.0, an upload is cut into stored chunks by size: a chunk is
closed after the batch that brings it to ``max_chunk_bytes`` (mosaicod's
``MOSAICOD_MAX_CHUNK_SIZE_IN_BYTES``, 256 MiB by default), and any batch, even
an empty one, opens a chunk. mosaicod measures its Parquet writer's memory; we
measure Arrow IPC bytes, so the counts agree whenever a topic is well away from
a chunk boundary (always, below the default size).
"""

from __future__ import annotations

from typing import Callable, Iterator

import pyarrow as pa
import pyarrow.compute as pc  # kernels by name: see query_columns._KERNELS

from mosaicolabs.domain.errors import ConflictError, InvalidRequestError

from .records import TopicRecord

__all__ = [
    "DEFAULT_MAX_CHUNK_BYTES",
    "TopicKeyMismatchError",
    "TopicUpload",
    "UploadSchemaError",
    "check_upload_schema",
    "read_sorted",
]

#: mosaicod 0.3.0's default ``MOSAICOD_MAX_CHUNK_SIZE_IN_BYTES``.
DEFAULT_MAX_CHUNK_BYTES = 256 * 1024 * 1024


class TopicKeyMismatchError(InvalidRequestError):
    """An upload named a topic with another topic's uuid (mosaicod: ``bad key``)."""


class UploadSchemaError(InvalidRequestError):
    """An upload's schema or batch breaks the rules (mosaicod: ``sanitization error``)."""


def check_upload_schema(schema: pa.Schema, locator: str) -> None:
    """Require an int64 ``timestamp_ns`` column, as the server does."""
    index = schema.get_field_index("timestamp_ns")
    if index < 0:
        raise UploadSchemaError(
            f"schema for topic {locator} has no 'timestamp_ns' column", resource=locator
        )
    if not pa.types.is_int64(schema.field(index).type):
        raise UploadSchemaError(
            f"column 'timestamp_ns' of topic {locator} must be int64, "
            f"not {schema.field(index).type}",
            resource=locator,
        )


def _sorted_within(stamps: pa.Array) -> bool:
    """Whether ``stamps`` (no nulls) never decreases: one vectorized pass, no copy."""
    n = len(stamps)
    if n < 2:
        return True
    later_not_less = pc.call_function("greater_equal", [stamps.slice(1), stamps.slice(0, n - 1)])
    return bool(pc.call_function("all", [later_not_less]).as_py())


class _Chunks:
    """Where an upload's stored chunks end, counted in rows (mosaicod's size rule)."""

    def __init__(self, max_bytes: int | None) -> None:
        self._max = max_bytes
        self._open_bytes: int | None = None  # None: no chunk open
        self.ends: list[int] = []

    def add(self, rows_so_far: int, size: int) -> None:
        """Account one batch of ``size`` bytes, after which ``rows_so_far`` rows were received."""
        self._open_bytes = (self._open_bytes or 0) + size
        if self._max and self._open_bytes >= self._max:
            self.ends.append(rows_so_far)
            self._open_bytes = None

    def close(self, rows: int) -> list[int]:
        """Close the open chunk, if any; the row count at the end of each chunk."""
        if self._open_bytes is not None:
            self.ends.append(rows)
            self._open_bytes = None
        return self.ends


def chunk_ids(ends: list[int]) -> pa.Array | None:
    """Each row's chunk number (int32, upload order), or ``None`` for one chunk or fewer."""
    if len(ends) < 2:
        return None
    sizes = [end - start for start, end in zip([0, *ends], ends, strict=False)]
    parts = [pa.repeat(pa.scalar(i, pa.int32()), n) for i, n in enumerate(sizes)]
    return pa.concat_arrays(parts)


def _check_batch_structure(batch: pa.RecordBatch, locator: str) -> None:
    """Refuse a batch whose buffers contradict each other, before anything reads it.

    An IPC reader checks only the message framing: offsets pointing past their data
    buffer, lengths or null counts that do not add up, dictionary indices out of range
    or invalid UTF-8 all arrive intact, and reading such a batch later returns other
    memory of this process (or crashes it). Full validation costs one pass over the
    offsets and text, which is small next to storing the batch.
    """
    try:
        batch.validate(full=True)
    except (pa.ArrowInvalid, pa.ArrowException) as exc:
        raise UploadSchemaError(f"batch for {locator} is not valid Arrow data: {exc}",
                                resource=locator) from None


class TopicUpload:
    """The single upload of one topic. Use ``append`` then ``commit`` (or ``abort``).

    Args:
        store: The engine's hook storing a committed upload: the record, schema, rows
            sorted by time, chunk count, byte size and each row's chunk (or ``None``).
        drop: The engine's hook releasing the topic of an aborted upload.
        record: The topic uploaded to.
        schema: The schema declared for the topic.
        max_chunk_bytes: Size at which a stored chunk is closed (``None``: never).
    """

    def __init__(self, store: Callable[[TopicRecord, pa.Schema, pa.Table, int, int,
                                        pa.Array | None], None],
                 drop: Callable[[TopicRecord], None], record: TopicRecord, schema: pa.Schema,
                 max_chunk_bytes: int | None = DEFAULT_MAX_CHUNK_BYTES) -> None:
        self._store = store
        self._drop = drop
        self._record = record
        self._schema = schema.remove_metadata()
        self._batches: list[pa.RecordBatch] = []
        self._bytes = 0
        self._rows = 0
        self._chunks = _Chunks(max_chunk_bytes)
        self._done = False
        # Whether the rows so far arrived in time order, and the last stamp seen: checked
        # batch by batch while each one is fresh in cache, instead of copying the whole
        # column at commit (most uploads arrive sorted; one disorder settles it).
        self._in_order = True
        self._last_stamp: int | None = None

    @property
    def locator(self) -> str:
        return self._record.locator

    def append(self, batch: pa.RecordBatch) -> None:
        """Add one batch; its schema must equal the declared one (metadata aside)."""
        if self._done:
            raise ConflictError(f"upload of {self.locator} is already finished")
        _check_batch_structure(batch, self.locator)
        if not batch.schema.remove_metadata().equals(self._schema):
            raise UploadSchemaError(
                f"batch schema does not match the schema declared for {self.locator}",
                resource=self.locator,
            )
        stamps = batch.column("timestamp_ns")
        if stamps.null_count:
            raise UploadSchemaError(
                f"batch for {self.locator} has null timestamp_ns values; every row needs one",
                resource=self.locator,
            )
        size = pa.ipc.get_record_batch_size(batch)
        if batch.num_rows:  # empty batches carry no rows; storing them would break readers
            self._track_order(stamps)
            self._batches.append(batch)
            self._rows += batch.num_rows
            self._bytes += size
        self._chunks.add(self._rows, size)  # but, as on mosaicod, they do open a chunk

    def _track_order(self, stamps: pa.Array) -> None:
        """Note whether the non-empty ``stamps`` keep the rows in time order."""
        if not self._in_order:
            return
        first: int = stamps[0].as_py()
        if self._last_stamp is not None and first < self._last_stamp:
            self._in_order = False
            return
        self._in_order = _sorted_within(stamps)
        self._last_stamp = stamps[len(stamps) - 1].as_py()

    def commit(self) -> None:
        """Store the data sorted by time and lock the topic."""
        if self._done:
            raise ConflictError(f"upload of {self.locator} is already finished")
        self._done = True
        ends = self._chunks.close(self._rows)
        table = pa.Table.from_batches(self._batches, schema=self._schema)
        ids = chunk_ids(ends)
        if not self._in_order:
            # Reordering nested columns is expensive; most uploads arrive in time order.
            order = pc.call_function("sort_indices", [table],
                                     pc.SortOptions(sort_keys=[("timestamp_ns", "ascending")]))
            table = table.take(order)
            ids = None if ids is None else ids.take(order)
        self._store(self._record, self._schema, table, len(ends), self._bytes, ids)

    def abort(self) -> None:
        """Drop everything received; the topic stays unlocked and empty."""
        if not self._done:
            self._done = True
            self._drop(self._record)


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
            lo = pc.call_function("sum", [pc.call_function("less", [ts, start_ns])]).as_py() or 0
        if end_ns is not None:
            hi = pc.call_function("sum", [pc.call_function("less", [ts, end_ns])]).as_py() or 0
    selected = table.slice(lo, max(0, hi - lo))
    for batch in selected.to_batches(max_chunksize=max_rows):
        if batch.num_rows:
            yield batch
