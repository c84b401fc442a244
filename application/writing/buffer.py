"""The write buffer of one topic: pushed messages, turned into Arrow columns as they come.

A pushed ``Message`` costs several times its Arrow size as Python objects (about 500
bytes for an IMU reading whose row is about 140 bytes of Arrow). Holding a whole batch
of them would make the buffer a multiple of the batch limit. So messages wait as
objects only until a share of the limit (a *chunk*) is reached; the chunk is then
converted to a record batch and the objects are released. When the batch is sent, the
chunks are joined into one record batch, column by column, each column's pieces released
once joined. The objects waiting for conversion stay under a share of the limit, and the
memory held stays well under twice the limit.

``TopicWriter.push`` updates ``pending`` and ``nbytes`` itself and calls
:meth:`MessageBuffer.threshold` only when ``nbytes`` reaches ``checkpoint`` or the
pending messages reach ``records_left``: a push costs no more than with a plain list.
"""

from __future__ import annotations

import logging

import pyarrow as pa

from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.domain.ontology.columns import messages_to_batch
from mosaicolabs.domain.ontology.message import Message
from mosaicolabs.domain.ontology.serializable import Serializable

from .limits import BatchLimits, RecordSizer

__all__ = ["CHUNKS_PER_BATCH", "MessageBuffer"]

_log = logging.getLogger("mosaicolabs.writer")

#: A batch is built from up to this many chunks: the objects waiting for conversion
#: (several times their Arrow size) stay around half the limit.
CHUNKS_PER_BATCH = 8


class MessageBuffer:
    """Messages of one model waiting to be sent, mostly already in Arrow form."""

    def __init__(self, model: type[Serializable], schema: pa.Schema, sizer: RecordSizer,
                 limits: BatchLimits, topic: str) -> None:
        self._model, self._schema, self._sizer, self._topic = model, schema, sizer, topic
        self.max_bytes, self._max_records = limits.max_bytes, limits.max_records
        self._chunk_size = max(1, limits.max_bytes // CHUNKS_PER_BATCH)
        self._chunks: list[pa.RecordBatch] = []
        self._chunk_rows = self._chunk_bytes = 0
        #: Messages not converted yet (appended to by ``TopicWriter.push``).
        self.pending: list[Message] = []
        #: Arrow bytes held: actual for the chunks, estimated for ``pending``.
        self.nbytes = 0
        #: ``nbytes`` at which ``pending`` is converted (or the batch is due).
        self.checkpoint = self._chunk_size
        #: Pending messages at which the batch reaches ``max_records``.
        self.records_left = self._max_records

    @property
    def rows(self) -> int:
        """Messages held (converted or not)."""
        return self._chunk_rows + len(self.pending)

    def threshold(self) -> bool:
        """Called when ``checkpoint`` or ``records_left`` is reached: True when the batch
        is due (a limit is reached), else converts the pending messages and says False.

        Raises:
            InvalidRequestError: pending values that do not fit the schema; they are
                dropped (and logged), the others stay held.
        """
        if self.nbytes >= self.max_bytes or len(self.pending) >= self.records_left:
            return True
        self._convert()
        return False

    def joined(self) -> pa.RecordBatch | None:
        """Everything held, as one record batch (``None`` if empty). It stays held (and
        counted) until :meth:`clear`, so a send that fails still reports it as buffered.

        Raises:
            InvalidRequestError: as :meth:`threshold`.
        """
        self._convert()
        if not self._chunks:
            return None
        if len(self._chunks) > 1:
            self._chunks = [self._join()]
            self.nbytes = self._chunk_bytes = self._chunks[0].nbytes
        return self._chunks[0]

    def _join(self) -> pa.RecordBatch:
        # Column by column, dropping each column's pieces once joined: the chunks and
        # the joined batch never coexist whole (peak: the batch plus one column).
        pieces = [[chunk.column(i) for chunk in self._chunks] for i in range(len(self._schema))]
        self._chunks = []
        columns: list[pa.Array] = []
        for i, column in enumerate(pieces):
            columns.append(pa.concat_arrays(column))
            pieces[i] = []
        return pa.RecordBatch.from_arrays(columns, schema=self._schema)

    def clear(self) -> None:
        """Forget what :meth:`joined` returned (it was sent)."""
        self._chunks = []
        self._chunk_rows = self._chunk_bytes = self.nbytes = 0
        self._rearm()

    def _rearm(self) -> None:
        self.checkpoint = min(self.max_bytes, self._chunk_bytes + self._chunk_size)
        self.records_left = self._max_records - self._chunk_rows

    def _convert(self) -> None:
        if self.pending:
            try:
                chunk = messages_to_batch(self._model, self.pending, self._schema)
            except InvalidRequestError:
                self._drop_bad_records()  # keep the good ones pending, then report
                raise
            self._sizer.calibrate(self.nbytes - self._chunk_bytes, chunk.nbytes)
            self._chunks.append(chunk)
            self._chunk_rows += chunk.num_rows
            self._chunk_bytes += chunk.nbytes
            self.nbytes = self._chunk_bytes
            self.pending = []
        self._rearm()

    def _drop_bad_records(self) -> None:
        # Error path only: find the records that do not convert, one at a time.
        good = [message for message in self.pending if self._fits(message)]
        self.pending = good
        self.nbytes = self._chunk_bytes + sum(self._sizer.estimate(m) for m in good)

    def _fits(self, message: Message) -> bool:
        try:
            messages_to_batch(self._model, [message], self._schema)
        except InvalidRequestError:
            _log.warning("dropping a record of %s that does not fit its schema", self._topic)
            return False
        return True
