"""Data paths: GetFlightInfo, DoPut and DoGet bodies, minus authorization and error mapping.

The server class authorizes the caller and maps errors; these functions hold
the protocol rules (protocol.md §4, §5.2–§5.6) over the engine.
"""

from __future__ import annotations

from typing import Any, Callable, NoReturn

import pyarrow as pa
import pyarrow.flight as flight

from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.adapters.memory.uploads import check_upload_schema
from mosaicolabs.domain.vocabulary import FlightMethod

from . import wire
from .errors import (
    MISSING_HEADER,
    NO_DATA,
    STREAM_ERROR,
    UNSUPPORTED_DESCRIPTOR,
    BodyError,
    WireError,
)
from .flight_info import sequence_info, topic_info, topic_schema_metadata

__all__ = ["describe", "open_reader", "receive_upload"]

# What a topic that never received its DoPut streams: just the index column, no rows.
_NO_UPLOAD_SCHEMA = pa.schema([pa.field("timestamp_ns", pa.int64(), nullable=False)])


def _command(descriptor: flight.FlightDescriptor, operation: str) -> dict[str, Any]:
    if descriptor.descriptor_type != flight.DescriptorType.CMD:
        raise WireError(
            UNSUPPORTED_DESCRIPTOR,
            f"{operation}: the descriptor must be of type CMD (a JSON command), "
            f"not {descriptor.descriptor_type.name}",
        )
    return wire.parse_object(descriptor.command, operation)


def describe(engine: MemoryEngine, descriptor: flight.FlightDescriptor) -> flight.FlightInfo:
    """GetFlightInfo for ``{"resource_locator", "timestamp_ns_start"?, "timestamp_ns_end"?}``.

    Raises:
        WireError: not a CMD descriptor.
        BodyError: not a JSON object, or a key of the wrong type.
        NotFoundError: the locator names neither a sequence nor a topic.
    """
    operation = FlightMethod.GetFlightInfo.name
    command = _command(descriptor, operation)
    locator = wire.sanitize_locator(wire.get_str(command, operation, "resource_locator"))
    start = wire.get_int(command, operation, "timestamp_ns_start", required=False)
    end = wire.get_int(command, operation, "timestamp_ns_end", required=False)
    if engine.resolve(locator) == "sequence":
        return sequence_info(engine.describe_sequence(locator), descriptor, start, end)
    return topic_info(engine.describe_topic(locator), descriptor, start, end)


def _next_batch(reader: flight.MetadataRecordBatchReader, locator: str) -> pa.RecordBatch | None:
    try:
        chunk = reader.read_chunk()
    except StopIteration:
        return None
    if chunk.data is None:
        # The real server treats a message without a batch as an error (§4.2).
        raise WireError(NO_DATA, f"DoPut on topic {locator}: a message carried no record batch")
    return chunk.data


def _declared_schema(reader: flight.MetadataRecordBatchReader, locator: str) -> pa.Schema:
    """The schema the stream opened with; a stream without one is the caller's error."""
    try:
        return reader.schema
    except OSError:  # pyarrow: "Client never sent a data message"
        raise WireError(MISSING_HEADER, f"DoPut on topic {locator}: the stream carried a "
                        "descriptor but no schema message") from None


def receive_upload(
    engine: MemoryEngine,
    descriptor: flight.FlightDescriptor,
    reader: flight.MetadataRecordBatchReader,
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """Store a whole DoPut stream, then lock the topic before the call returns.

    The lock must be in place when the client's ``close()`` returns, because the
    official client sends ``session_finalize`` right after. Any failure discards
    what was received and leaves the topic unlocked.

    A stream that ends because its caller went away (process killed, connection
    reset, call cancelled) looks exactly like a finished one to the reader: both
    simply stop. ``cancelled`` (the call context's ``is_cancelled``) tells them
    apart, and a cancelled upload is discarded, never committed as complete.

    The checks run in mosaicod's order: the schema, the topic, the uuid's form,
    then whether it is this topic's uuid.

    Raises:
        WireError: bad descriptor, malformed uuid, a message without a batch.
        BodyError: bad command.
        InvalidRequestError: bad schema or batch; ``TopicKeyMismatchError`` for another uuid.
        NotFoundError: no such topic.
        ConflictError: the topic is locked or already being uploaded.
    """
    operation = FlightMethod.DoPut.name
    command = _command(descriptor, operation)
    locator = wire.sanitize_locator(wire.get_str(command, operation, "resource_locator"))
    wire.get_str(command, operation, "topic_uuid")  # present and a string, else marshal error
    check_upload_schema(_declared_schema(reader, locator), locator)
    engine.describe_topic(locator)  # NotFoundError before the uuid is even read
    topic_uuid = wire.get_uuid(command, operation, "topic_uuid")
    upload = engine.begin_upload(locator, topic_uuid, reader.schema)
    try:
        while (batch := _next_batch(reader, locator)) is not None:
            upload.append(batch)
        if cancelled():
            raise WireError(STREAM_ERROR, f"DoPut on topic {locator}: the upload was cancelled "
                            "by its caller before it completed; nothing was stored")
        upload.commit()
    except BaseException:
        upload.abort()
        raise


def open_reader(
    engine: MemoryEngine, raw_ticket: bytes, options: pa.ipc.IpcWriteOptions | None = None
) -> flight.FlightDataStream:
    """DoGet: rows of one topic sorted by ``timestamp_ns`` within ``[start, end)``.

    The stream schema repeats the topic's ``mosaico:*`` keys, since the official
    client reads the ontology tag from there. Only non-empty batches are sent:
    that client stops at the first empty one. ``options`` (e.g. an IPC codec) shape
    how the batches are written.

    Raises:
        BodyError: the ticket is not one of ours, or names a sequence.
        NotFoundError: the topic no longer exists.
    """
    ticket = wire.TopicTicket.decode(raw_ticket)
    if ticket is None:
        _refuse_foreign_ticket(engine, raw_ticket)
    if engine.resolve(ticket.locator) == "sequence":
        _refuse_sequence_read(ticket.locator)
    topic, batches = engine.read_topic(ticket.locator, ticket.start_ns, ticket.end_ns)
    schema = (topic.schema or _NO_UPLOAD_SCHEMA).with_metadata(topic_schema_metadata(topic))
    if _has_dictionary(schema):
        # GeneratorStream writes each batch alone, without the dictionary messages an IPC
        # stream must carry before it; a reader then refuses the whole stream.
        reader = pa.RecordBatchReader.from_batches(schema, batches)
        return flight.RecordBatchStream(reader, options=options)
    return flight.GeneratorStream(schema, batches, options=options)


def _has_dictionary(schema: pa.Schema) -> bool:
    """Whether any column, or any field nested in one, is dictionary-encoded."""
    pending = [field.type for field in schema]
    while pending:
        kind = pending.pop()
        if pa.types.is_dictionary(kind):
            return True
        pending.extend(kind.field(i).type for i in range(kind.num_fields))
    return False


def _refuse_sequence_read(name: str) -> NoReturn:
    raise BodyError(
        f"DoGet: '{name}' is a sequence; a sequence holds several schemas and is not one "
        "stream. Call GetFlightInfo on it and read each topic endpoint's ticket instead.",
        resource=name,
    )


def _refuse_foreign_ticket(engine: MemoryEngine, raw: bytes) -> NoReturn:
    name = raw.decode("utf-8", "replace").strip().lstrip("/")
    if name in engine.list_sequences():
        _refuse_sequence_read(name)  # a ListFlights ticket is the bare sequence name (§12.6)
    raise BodyError(
        "DoGet: malformed ticket; pass back a ticket from a GetFlightInfo endpoint unchanged"
    )
