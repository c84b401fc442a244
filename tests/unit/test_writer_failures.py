"""Writer failure paths: a stream that breaks, oversized records, numpy columns.

The broken stream is injected by overriding the container's ``topic_streams``
provider: the same seam users get for advanced wiring.
"""

from __future__ import annotations

import numpy as np
import pytest
from dependency_injector import providers

from mosaicolabs import CompressedImage, Floating64, Message, MosaicoClient
from mosaicolabs.adapters.auth import AnonymousCredentials
from mosaicolabs.adapters.memory import InMemoryTopicStreams, MemoryEngine
from mosaicolabs.container import ClientContainer
from mosaicolabs.domain.errors import (
    InvalidRequestError,
    UnavailableError,
    WriteFailedError,
    WriterStateError,
)
from mosaicolabs.domain.status_codes import StatusCode


class BreakingStreams:
    """Real in-memory streams whose writers fail on the n-th batch."""

    def __init__(self, engine: MemoryEngine, fail_on_batch: int) -> None:
        self._inner = InMemoryTopicStreams(engine, AnonymousCredentials())
        self._fail_on = fail_on_batch

    def open_writer(self, *args):
        inner = self._inner.open_writer(*args)
        fail_on = self._fail_on

        class Writer:
            written = 0

            def write_batch(self, batch):
                Writer.written += 1
                if Writer.written == fail_on:
                    raise UnavailableError("connection reset by peer",
                                           status_code=StatusCode.UNAVAILABLE)
                inner.write_batch(batch)

            def close(self):
                inner.close()

        return Writer()

    def open_reader(self, *args):
        return self._inner.open_reader(*args)


def sample(i: int) -> Message:
    return Message(timestamp_ns=i, data=Floating64(data=float(i)))


@pytest.fixture
def breaking_client():
    engine = MemoryEngine()
    container = ClientContainer.for_memory(engine)
    container.topic_streams.override(providers.Object(BreakingStreams(engine, fail_on_batch=2)))
    with MosaicoClient.from_container(container) as client:
        yield client, engine


def test_a_broken_stream_surfaces_at_the_push_that_hits_it(breaking_client):
    client, engine = breaking_client
    with pytest.raises(WriteFailedError) as caught:
        with client.sequence_create("seq", {}, max_batch_size_records=10) as writer:
            topic = writer.topic_create("/values", {}, Floating64)
            for i in range(10):
                topic.push(sample(i))  # first batch goes out at the 10th push
            for i in range(10, 19):
                topic.push(sample(i))
            assert topic.rows_sent == 10
            topic.push(sample(19))  # the second batch fails here
    error = caught.value
    assert isinstance(error.__cause__, UnavailableError)
    assert error.status_code is StatusCode.UNAVAILABLE  # the transport's, kept on the error
    assert (error.rows_sent, error.rows_buffered, error.rows_acknowledged) == (10, 10, 0)
    assert error.topic_name == "/values"
    assert "10 rows were sent" in str(error)
    # Report policy ran: the failure is recorded on the sequence; nothing half-stored.
    assert client.list_sequence_notifications("seq")
    assert engine.describe_topic("seq/values").chunks_number == 0


def test_writer_refuses_data_after_a_failure(breaking_client):
    client, _ = breaking_client
    with pytest.raises(WriteFailedError):
        with client.sequence_create("seq", {}, max_batch_size_records=1) as writer:
            topic = writer.topic_create("/values", {}, Floating64)
            topic.push(sample(0))
            try:
                topic.push(sample(1))
            except WriteFailedError:
                with pytest.raises(WriterStateError):
                    topic.push(sample(2))
                raise


def test_oversized_record_is_refused_and_the_rest_is_kept():
    with MosaicoClient.embedded() as client:
        with client.sequence_create("seq", {}) as writer:
            topic = writer.topic_create("/camera", {}, CompressedImage)
            topic.push(Message(timestamp_ns=1, data=CompressedImage(data=b"a" * 1000,
                                                                   format="jpeg")))
            with pytest.raises(InvalidRequestError, match="exceeds"):
                topic.push(Message(timestamp_ns=2, data=CompressedImage(
                    data=b"x" * (16 * 1024 * 1024), format="jpeg")))
            topic.push(Message(timestamp_ns=3, data=CompressedImage(data=b"b", format="png")))
        stamps = client.topic_handler("seq", "/camera").to_arrow().column("timestamp_ns")
    assert stamps.to_pylist() == [1, 3]


def test_numpy_columns_take_the_fast_path():
    stamps = np.arange(1_000, 1_100, dtype=np.int64)
    values = np.linspace(0.0, 1.0, 100)
    with MosaicoClient.embedded() as client:
        with client.sequence_create("seq", {}) as writer:
            topic = writer.topic_create("/values", {}, Floating64)
            topic.push_batch({"timestamp_ns": stamps, "data": values})
            with pytest.raises(InvalidRequestError, match="timestamp_ns"):
                topic.push_batch({"timestamp_ns": stamps.astype(np.float64), "data": values})
        table = client.topic_handler("seq", "/values").to_arrow()
        messages = list(client.topic_handler("seq", "/values").get_data_streamer())
    assert table.column("timestamp_ns").to_pylist() == stamps.tolist()
    assert messages[10].data.data == pytest.approx(values[10])
