"""``TopicWriter``: buffers the messages of one topic and uploads them in batches.

Serialization and sending happen in the calling thread (no background
workers), so a failure surfaces at the ``push``/``flush`` that hit it. The
buffer is bounded by the batch limits: it never holds more than one batch.
"""

from __future__ import annotations

import logging
from typing import Any

import pyarrow as pa

from mosaicolabs.domain.errors import (
    InvalidRequestError,
    MosaicoError,
    WriteFailedError,
    WriterStateError,
)
from mosaicolabs.domain.ontology.message import Message, message_schema
from mosaicolabs.domain.ontology.serializable import Serializable
from mosaicolabs.domain.ontology.validation import refuse
from mosaicolabs.domain.policies import TopicLevelErrorPolicy
from mosaicolabs.domain.statuses import TopicStatusMark, TopicWriterStatus, WriterStatus
from mosaicolabs.domain.vocabulary import FlightMethod
from mosaicolabs.ports.notifications import Notifications
from mosaicolabs.ports.streams import TopicStreamWriter

from .buffer import MessageBuffer
from .columnar import ColumnarInput, to_topic_batches
from .envelope import UINT32_MAX, envelope_int
from .limits import BatchLimits, RecordSizer

__all__ = ["TopicWriter", "WriterStatus"]

_log = logging.getLogger("mosaicolabs.writer")


class TopicWriter:
    """Upload messages of one ontology model into one topic.

    Use :meth:`push` per message or :meth:`push_batch` for columns; the upload
    completes when the sequence writer finishes (or :meth:`finalize`).
    """

    def __init__(
        self,
        *,
        sequence_name: str,
        name: str,
        model: type[Serializable],
        stream: TopicStreamWriter,
        notifications: Notifications,
        limits: BatchLimits,
        on_error: TopicLevelErrorPolicy,
    ) -> None:
        self._sequence = sequence_name
        self._name = name
        self._model = model
        self._schema = message_schema(model)
        self._stream = stream
        self._notifications = notifications
        self._limits = limits
        self._on_error = TopicLevelErrorPolicy(on_error)
        self._sizer = RecordSizer(model)
        self._buffer = MessageBuffer(model, self._schema, self._sizer, limits, self._name)
        self.rows_sent = 0
        self.rows_acknowledged = 0
        self._state = WriterStatus.Active
        self._mark = TopicStatusMark()  # what the last error did, until more rows come
        self.last_error: BaseException | None = None

    # -- properties ---------------------------------------------------------------------
    name = property(lambda self: self._name, doc="Topic name, ``/name`` form.")
    ontology_type = property(lambda self: self._model, doc="The model class of this topic.")
    schema = property(lambda self: self._schema, doc="Arrow schema of the topic's batches.")
    on_error = property(lambda self: self._on_error, doc="The topic-level error policy.")
    _rows = property(lambda self: self.rows_sent + self._buffer.rows)  # taken so far

    @property
    def is_active(self) -> bool:
        """True while the writer accepts data."""
        return self._state is WriterStatus.Active

    @property
    def status(self) -> TopicWriterStatus:
        """The writer's state (:class:`~mosaicolabs.enum.TopicWriterStatus`)."""
        return self._mark.status(self._state, self._rows)

    @property
    def rows_buffered(self) -> int:
        """Messages pushed but not yet sent."""
        return self._buffer.rows

    # -- writing ------------------------------------------------------------------------
    def _check_active(self) -> None:
        if self._state is not WriterStatus.Active:
            raise WriterStateError(
                f"topic writer {self._name} is {self._state.value}; it accepts no more data",
                resource=self._name,
            )

    def push(self, message: Message) -> None:
        """Buffer one message; sends a batch when a limit is reached.

        The model's fields were checked when it was built; here the envelope is
        checked (``timestamp_ns`` an int, ``frame_id`` a str...).

        Raises:
            InvalidRequestError: not a ``Message``, wrong model, bad envelope value
                (a :class:`ModelValidationError`) or a record too large. Nothing
                already accepted is affected and the writer stays usable.
            WriteFailedError: the upload failed (see its row counts).
            WriterStateError: the writer is finalized or failed.
        """
        if self._state is not WriterStatus.Active:
            self._check_active()
        if type(message) is not Message and not isinstance(message, Message):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidRequestError(
                f"topic {self._name} takes Message(timestamp_ns=..., "
                f"data={self._model.__name__}(...)), not {type(message).__name__}; wrap the "
                "value in a Message", resource=self._name)
        data = message.data
        if type(data) is not self._model and not isinstance(data, self._model):
            raise InvalidRequestError(
                f"topic {self._name} takes {self._model.__name__} messages, "
                f"not {type(data).__name__}",
                resource=self._name,
            )
        stamp = message.timestamp_ns
        if type(stamp) is not int or not -9223372036854775808 <= stamp <= 9223372036854775807:
            message.timestamp_ns = envelope_int(stamp, "timestamp_ns")
        recorded = message.recording_timestamp_ns
        if recorded is not None and (
            type(recorded) is not int or not -9223372036854775808 <= recorded <= 9223372036854775807
        ):
            message.recording_timestamp_ns = envelope_int(recorded, "recording_timestamp_ns")
        counter = message.sequence_id
        if counter is not None and (type(counter) is not int or not 0 <= counter <= 4294967295):
            message.sequence_id = envelope_int(counter, "sequence_id", 0, UINT32_MAX)
        frame = message.frame_id  # checked at run time, like the other envelope fields
        if frame is not None and type(frame) is not str and not isinstance(frame, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise refuse("Message.frame_id", "a str", frame)
        sizer = self._sizer
        if sizer.variable:
            size = sizer.estimate(message)
        else:  # a fixed-width model: RecordSizer.estimate inlined, it is most of a push
            size = int((sizer.fixed if frame is None else sizer.fixed + len(frame)) * sizer.factor)
        if size > self._limits.max_record_bytes:
            raise InvalidRequestError(
                f"record of about {size} bytes exceeds the {self._limits.max_record_bytes}-byte "
                "limit of one message",
                resource=self._name,
            )
        buffer = self._buffer  # its fields are updated inline: this is the hot path
        held = buffer.nbytes
        if held + size > buffer.max_bytes and held:
            self._send_buffer()  # the limit is a limit: send before this record would cross it
            held = 0
        buffer.pending.append(message)
        buffer.nbytes = held = held + size
        if (held >= buffer.checkpoint or len(buffer.pending) >= buffer.records_left) and (
                buffer.threshold()):  # converts a chunk, or says the batch is due
            if size > buffer.max_bytes:
                self._limits.warn_oversized(self._name, size)
            self._send_buffer()

    def push_batch(self, data: ColumnarInput) -> None:
        """Send columns at once: a ``pyarrow`` Table/RecordBatch or a mapping of arrays.

        Columns are checked against the topic schema before anything is sent;
        buffered messages are sent first so the order of data is kept.

        Raises:
            InvalidRequestError: unknown or missing columns, types that do not fit.
            WriteFailedError: the upload failed.
        """
        self._check_active()
        batches = to_topic_batches(data, self._schema, self._limits.max_bytes)
        self._send_buffer()
        for batch in batches:
            self._write(batch)

    def flush(self) -> None:
        """Send buffered messages now."""
        self._check_active()
        self._send_buffer()

    def _send_buffer(self) -> None:
        batch = self._buffer.joined()  # InvalidRequestError: bad records dropped, rest kept
        if batch is not None:
            self._write(batch)
            self._buffer.clear()

    def _write(self, batch: pa.RecordBatch) -> None:
        try:
            self._stream.write_batch(batch)
        except MosaicoError as exc:
            raise self._fail(exc, "sending a batch") from exc
        self.rows_sent += batch.num_rows

    def _fail(self, exc: BaseException, doing: str) -> WriteFailedError:
        self._state = WriterStatus.Error
        self._mark.set(TopicWriterStatus.RaisedException, self._rows)
        self.last_error = exc
        return WriteFailedError(
            f"upload of topic {self._name} failed while {doing}: {exc}. "
            f"{self.rows_sent} rows were sent and none is acknowledged (an upload is stored "
            f"only when it completes); {self._buffer.rows} rows were still buffered.",
            action=FlightMethod.DoPut.name,
            resource=self._name,
            topic_name=self._name,
            rows_acknowledged=0,
            rows_sent=self.rows_sent,
            rows_buffered=self._buffer.rows,
            # The transport's status, so callers can branch on it without ``__cause__``.
            status_code=getattr(exc, "status_code", None),
        )

    # -- finishing ----------------------------------------------------------------------
    def finalize(self, error: BaseException | None = None) -> None:
        """Complete the upload: send what is buffered, close the stream, lock the topic.

        With ``error``, a topic notification records it first. Buffered data is
        still sent: what was accepted is kept.

        Raises:
            InvalidRequestError: a buffered record no longer fits its schema (a value
                was changed after the push); it was dropped, the rest is stored.
            WriteFailedError: the upload failed.
        """
        if self._state is not WriterStatus.Active:
            return
        if error is not None:
            self._report(error)
        refused: InvalidRequestError | None = None
        try:
            try:
                self._send_buffer()
            except InvalidRequestError as exc:
                # A value changed after its push (attributes are not checked): the records
                # that do not convert were dropped; the others are still sent and kept.
                refused = exc
                self._send_buffer()
            self._stream.close()
        except MosaicoError as exc:
            raise self._fail(exc, "completing the upload") from exc
        self.rows_acknowledged = self.rows_sent
        self._state = WriterStatus.Finalized if error is None else WriterStatus.Error
        self._mark.set(None, self._rows)
        self.last_error = error
        if refused is not None and error is None:
            self.last_error = refused
            raise refused

    def _report(self, error: BaseException) -> None:
        try:
            self._notifications.create(self._sequence, self._name, str(error))
        except MosaicoError as exc:  # reporting must not hide the original error
            _log.warning("could not record the error of topic %s: %s", self._name, exc)

    # -- topic-level policy -------------------------------------------------------------
    def __enter__(self) -> TopicWriter:
        return self

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> bool:
        if exc is None or not isinstance(exc, Exception):
            return False
        self.last_error = exc
        if self._on_error is TopicLevelErrorPolicy.Finalize:
            self.finalize(error=exc)
            return True
        if self._on_error is TopicLevelErrorPolicy.Ignore:
            self._report(exc)
            self._mark.set(TopicWriterStatus.IgnoredLastError, self._rows)
            return True
        self._mark.set(TopicWriterStatus.RaisedException, self._rows)
        return False  # Raise: the session-level policy decides

    def __repr__(self) -> str:
        return (
            f"TopicWriter({self._name!r}, {self._model.__name__}, {self._state.value}, "
            f"sent={self.rows_sent}, buffered={self.rows_buffered})"
        )
