"""Topic streams over Flight: DoPut uploads and DoGet downloads.

Both ends are bounded by the connection's stream idle limit (see :mod:`.watchdog`):
reads are watched on the caller's thread, upload calls run on a :class:`.BoundedWorker`.
"""

from __future__ import annotations

import time
from typing import Iterator

import pyarrow as pa
import pyarrow.flight as flight

from mosaicolabs.domain.errors import MosaicoError
from mosaicolabs.domain.names import topic_locator
from mosaicolabs.domain.vocabulary import FlightMethod

from .batch_checks import checked_batches
from .bounded import BoundedWorker
from .catalog import FlightCatalog
from .catalog_codec import declared_ontology_tag
from .connection import FlightConnection
from .errors import translate, translating
from .view_types import classic_schema
from .watchdog import StreamWatchdog, stall_error

__all__ = ["FlightTopicReader", "FlightTopicStreams", "FlightTopicWriter"]

_GET, _PUT = FlightMethod.DoGet.name, FlightMethod.DoPut.name


class FlightTopicWriter:
    """An open DoPut; ``close`` waits until the server has stored and locked the topic.

    Each call runs on ``worker``: one the server does not take within the idle limit
    raises :class:`~mosaicolabs.domain.errors.DeadlineExceededError`.
    """

    def __init__(self, writer: flight.FlightStreamWriter, locator: str,
                 worker: BoundedWorker | None = None) -> None:
        self._writer = writer
        self._locator = locator
        self._worker = worker or BoundedWorker(None, f"DoPut {locator}")
        self._closed = False

    def write_batch(self, batch: pa.RecordBatch) -> None:
        self._worker.call(lambda: self._write(batch),
                          lambda: self._stalled("the server took no data"))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._worker.call(self._finish,
                              lambda: self._stalled("the server did not confirm the upload"))
        finally:
            self._worker.stop()

    def _write(self, batch: pa.RecordBatch) -> None:
        with translating(_PUT, self._locator):
            self._writer.write_batch(batch)

    def _finish(self) -> None:
        with translating(_PUT, self._locator):
            self._writer.done_writing()
            self._writer.close()

    def _stalled(self, what: str) -> MosaicoError:
        assert self._worker.limit_s is not None  # only a bounded worker gives up
        return stall_error(_PUT, self._locator, self._worker.limit_s, what)


class FlightTopicReader:
    """An open DoGet yielding the topic's record batches.

    With a ``watchdog``, a read that waits on the server for its idle limit is cancelled
    and raises :class:`~mosaicolabs.domain.errors.DeadlineExceededError`.
    """

    def __init__(self, reader: flight.FlightStreamReader, locator: str,
                 watchdog: StreamWatchdog | None = None) -> None:
        self._reader = reader
        self._locator = locator
        self._watchdog = watchdog or StreamWatchdog(None)
        self._watch = self._watchdog.watch(lambda: reader.cancel())
        with translating(_GET, locator):
            sent = reader.schema
        self._cast_to = classic_schema(sent)
        self._schema = sent if self._cast_to is None else self._cast_to
        self._tag = declared_ontology_tag(sent)

    @property
    def schema(self) -> pa.Schema:
        return self._schema

    @property
    def ontology_tag(self) -> str | None:
        return self._tag

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        cast_to = self._cast_to
        for batch in checked_batches(self._received(), self._locator):
            yield batch if cast_to is None else batch.cast(cast_to)

    def _received(self) -> Iterator[pa.RecordBatch]:
        """The batches as they arrive, not yet validated."""
        watch, read = self._watch, self._reader.read_chunk
        while True:
            # Two attribute stores and a clock read per batch: the watchdog's only cost here.
            watch.blocked_since = time.monotonic()
            try:
                chunk = read()
            except StopIteration:
                self._watchdog.release(watch)
                return
            except (pa.ArrowException, OSError) as exc:
                raise self._failure(exc) from exc
            finally:
                watch.blocked_since = None
            if chunk.data is not None:
                yield chunk.data

    def _failure(self, exc: BaseException) -> MosaicoError:
        self._watchdog.release(self._watch)
        limit = self._watchdog.idle_timeout_s
        if self._watch.fired and limit is not None:  # our cancel, not the server's
            return stall_error(_GET, self._locator, limit, "the server sent no data")
        error: MosaicoError = translate(exc, _GET, self._locator)
        return error

    def close(self) -> None:
        self._watchdog.release(self._watch)
        with translating(_GET, self._locator):
            self._reader.cancel()


class FlightTopicStreams:
    """:class:`~mosaicolabs.ports.TopicStreams` over DoPut/DoGet."""

    def __init__(self, connection: FlightConnection, catalog: FlightCatalog) -> None:
        self._conn = connection
        self._catalog = catalog

    def open_writer(
        self, sequence_name: str, topic_name: str, topic_uuid: str, schema: pa.Schema
    ) -> FlightTopicWriter:
        locator = topic_locator(sequence_name, topic_name)
        command = {"resource_locator": locator, "topic_uuid": topic_uuid}
        worker = BoundedWorker(self._conn.stream_idle_timeout_s, f"DoPut {locator}")
        limit = worker.limit_s or 0.0
        writer, _ = worker.call(
            lambda: self._conn.do_put(command, schema, locator),
            lambda: stall_error(_PUT, locator, limit, "the server did not open the upload"))
        return FlightTopicWriter(writer, locator, worker)

    def open_reader(
        self,
        sequence_name: str,
        topic_name: str,
        start_ns: int | None = None,
        end_ns: int | None = None,
    ) -> FlightTopicReader:
        locator = topic_locator(sequence_name, topic_name)
        # A whole-topic read uses the ticket the catalog was handed when it described the
        # topic: no second GetFlightInfo. A bounded read needs a ticket for its bounds.
        ticket = None
        if start_ns is None and end_ns is None:
            ticket = self._catalog.tickets.ticket_for(locator)
        if ticket is None:
            endpoint = self._catalog.topic_endpoint(sequence_name, topic_name, start_ns, end_ns)
            locator, ticket = endpoint.topic.locator, endpoint.ticket
        return FlightTopicReader(self._conn.do_get(ticket, locator), locator,
                                 self._conn.watchdog)
