"""Small builders shared by the contract tests."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import pyarrow as pa
import pytest

from mosaicolabs.domain.errors import MosaicoError, ServerError
from mosaicolabs.domain.policies import SerializationFormat

SCHEMA = pa.schema(
    [pa.field("timestamp_ns", pa.int64(), nullable=False), pa.field("value", pa.float64())]
)


def batch(timestamps: list[int]) -> pa.RecordBatch:
    """A batch of SCHEMA rows whose value is timestamp / 10."""
    return pa.record_batch(
        [pa.array(timestamps, pa.int64()), pa.array([t / 10 for t in timestamps])],
        schema=SCHEMA,
    )


def new_topic(
    ports, sequence: str, topic: str, *, session: str | None = None, metadata: dict | None = None
) -> tuple[str, str]:
    """Create the sequence (if needed), a session (if not given) and a topic."""
    if sequence not in ports.catalog.list_sequences():
        ports.catalog.create_sequence(sequence, {"k": 1})
    session = session or ports.catalog.create_session(sequence)
    topic_uuid = ports.catalog.create_topic(
        session, sequence, topic, "floating64", SerializationFormat.Default, metadata or {}
    )
    return session, topic_uuid


def upload(ports, sequence: str, topic: str, topic_uuid: str, batches) -> None:
    """Upload batches into a topic and complete (lock) it."""
    writer = ports.topic_streams.open_writer(sequence, topic, topic_uuid, SCHEMA)
    for b in batches:
        writer.write_batch(b)
    writer.close()


def read_all(ports, sequence: str, topic: str, start=None, end=None) -> tuple[pa.Schema, list]:
    """Read a topic; returns the stream schema and the timestamps read."""
    reader = ports.topic_streams.open_reader(sequence, topic, start, end)
    batches = list(reader)
    assert all(b.num_rows > 0 for b in batches), "readers must never yield empty batches"
    stamps = [t for b in batches for t in b.column("timestamp_ns").to_pylist()]
    return reader.schema, stamps


@contextmanager
def refused(kind: type[MosaicoError]) -> Iterator[None]:
    """Expect ``kind``, or the ServerError mosaicod 0.3.0 leaves us with for it.

    mosaicod answers several refusals with a bare INTERNAL ``facade error`` that names
    no cause (unknown session, empty session, duplicate topic ...); our client then
    raises ServerError. The mock server and the memory engine name the cause, so
    there the precise class is required: a ServerError is accepted only with the
    real server's bare text.
    """
    with pytest.raises(MosaicoError) as caught:
        yield
    error = caught.value
    if isinstance(error, kind):
        return
    assert type(error) is ServerError and error.server_message == "facade error", error
