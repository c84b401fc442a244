"""Topic streams over Flight: DoPut uploads and DoGet downloads."""

from __future__ import annotations

from typing import Iterator

import pyarrow as pa
import pyarrow.flight as flight

from mosaicolabs.domain.errors import ProtocolError
from mosaicolabs.domain.names import topic_locator

from .catalog import FlightCatalog
from .connection import FlightConnection
from .errors import translating
from .view_types import classic_schema

__all__ = ["FlightTopicReader", "FlightTopicStreams", "FlightTopicWriter"]


class FlightTopicWriter:
    """An open DoPut; ``close`` waits until the server has stored and locked the topic."""

    def __init__(self, writer: flight.FlightStreamWriter, locator: str) -> None:
        self._writer = writer
        self._locator = locator
        self._closed = False

    def write_batch(self, batch: pa.RecordBatch) -> None:
        with translating("DoPut", self._locator):
            self._writer.write_batch(batch)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with translating("DoPut", self._locator):
            self._writer.done_writing()
            self._writer.close()


def _checked(batch: pa.RecordBatch, locator: str) -> pa.RecordBatch:
    """``batch``, once its buffers are known to agree (offsets, lengths, UTF-8 ...).

    The IPC reader checks only the framing; a server sending inconsistent buffers would
    otherwise have us read memory that is not the batch's.
    """
    try:
        batch.validate(full=True)
    except pa.ArrowException as exc:
        raise ProtocolError(f"DoGet {locator!r}: the server sent invalid Arrow data: {exc}",
                            action="DoGet", resource=locator) from None
    return batch


class FlightTopicReader:
    """An open DoGet yielding the topic's record batches."""

    def __init__(self, reader: flight.FlightStreamReader, locator: str) -> None:
        self._reader = reader
        self._locator = locator
        with translating("DoGet", locator):
            sent = reader.schema
        self._cast_to = classic_schema(sent)
        self._schema = sent if self._cast_to is None else self._cast_to

    @property
    def schema(self) -> pa.Schema:
        return self._schema

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        while True:
            with translating("DoGet", self._locator):
                try:
                    chunk = self._reader.read_chunk()
                except StopIteration:
                    return
            if chunk.data is not None:
                batch = _checked(chunk.data, self._locator)
                yield batch if self._cast_to is None else batch.cast(self._cast_to)

    def close(self) -> None:
        with translating("DoGet", self._locator):
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
        writer, _ = self._conn.do_put(command, schema, locator)
        return FlightTopicWriter(writer, locator)

    def open_reader(
        self,
        sequence_name: str,
        topic_name: str,
        start_ns: int | None = None,
        end_ns: int | None = None,
        read_ticket: bytes | None = None,
    ) -> FlightTopicReader:
        if read_ticket is not None and start_ns is None and end_ns is None:
            # The handler already holds the whole-topic ticket: no GetFlightInfo needed.
            locator = topic_locator(sequence_name, topic_name)
            return FlightTopicReader(self._conn.do_get(read_ticket, locator), locator)
        endpoint = self._catalog.topic_endpoint(sequence_name, topic_name, start_ns, end_ns)
        locator = endpoint.topic.locator
        return FlightTopicReader(self._conn.do_get(endpoint.ticket, locator), locator)
