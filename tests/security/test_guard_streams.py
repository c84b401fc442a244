"""Streams, metadata, deadlines and cancellation pass through the guard unchanged.

A small pyarrow backend written for these tests sits behind a :class:`FlightGuard`:
it acknowledges each DoPut batch with a metadata message, streams a large DoGet
lazily while counting what it has produced, and reports the cancellation of a call.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import grpc
import pyarrow as pa
import pyarrow.flight as fl
import pytest

from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.mock_server.guard import FlightGuard

SCHEMA = pa.schema([pa.field("x", pa.float64())])
BATCHES = 64
BATCH_BYTES = 2 * 1024 * 1024
_PATIENCE_S = 60.0  # generous: only a hang (a failure) ever gets near it


class _Backend(fl.FlightServerBase):
    """Records what the guard's forwarding does to it."""

    def __init__(self) -> None:
        super().__init__("grpc://127.0.0.1:0")
        self.produced = 0
        self.consumed = 0  # updated by the test's reader
        self.lead = 0  # the most batches produced ahead of the reader
        self.stream_closed = threading.Event()
        self.cancelled = threading.Event()

    def do_put(self, context, descriptor, reader, writer) -> None:
        for index, chunk in enumerate(reader):
            writer.write(pa.py_buffer(f"ack {index}: {chunk.data.num_rows}".encode()))

    def do_get(self, context, ticket):
        batch = pa.record_batch([pa.array([1.0] * (BATCH_BYTES // 8))], schema=SCHEMA)

        def batches() -> Iterator[pa.RecordBatch]:
            try:
                for _ in range(BATCHES):
                    self.lead = max(self.lead, self.produced - self.consumed)
                    self.produced += 1
                    yield batch
            finally:
                self.stream_closed.set()

        return fl.GeneratorStream(SCHEMA, batches())

    def do_action(self, context, action):
        if action.type == "headers":
            context.add_header("x-backend-header", "h")
            context.add_trailer("x-backend-trailer", "t")
            return [b"done"]
        # "wait": until the caller's deadline or cancellation reaches us.
        deadline = time.monotonic() + _PATIENCE_S
        while not context.is_cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        if context.is_cancelled():
            self.cancelled.set()
        return [b"too late"]


@pytest.fixture
def guarded() -> Iterator[tuple[_Backend, FlightGuard]]:
    backend = _Backend()
    guard = FlightGuard(MemoryEngine(), f"127.0.0.1:{backend.port}")
    try:
        yield backend, guard
    finally:
        guard.stop()
        backend.shutdown()


def test_doput_metadata_messages_reach_the_client_in_order(guarded):
    _, guard = guarded
    with fl.connect(f"grpc://127.0.0.1:{guard.port}") as client:
        writer, acks = client.do_put(fl.FlightDescriptor.for_command(b"t"), SCHEMA)
        for index, rows in enumerate((1, 10, 100)):
            writer.write_batch(pa.record_batch([pa.array([0.5] * rows)], schema=SCHEMA))
            # Each ack must come through before the stream ends: nothing is held back.
            assert acks.read().to_pybytes() == f"ack {index}: {rows}".encode()
        writer.done_writing()
        writer.close()


def test_doget_is_relayed_with_backpressure_and_a_cancel_stops_the_backend(guarded):
    """A slow reader holds the backend back: the guard does not read the stream ahead."""
    backend, guard = guarded
    with fl.connect(f"grpc://127.0.0.1:{guard.port}") as client:
        reader = client.do_get(fl.Ticket(b"t"))
        for _ in range(8):
            assert reader.read_chunk().data.num_rows == BATCH_BYTES // 8
            backend.consumed += 1
            time.sleep(0.05)  # a slow reader (not synchronisation): the producer may run ahead
        reader.cancel()
        assert backend.stream_closed.wait(_PATIENCE_S), "the backend kept streaming"
    # What is in flight is bounded by the HTTP/2 windows of the two hops, never the
    # whole stream; without backpressure the backend would have produced all of it.
    assert backend.lead < BATCHES // 2, backend.lead
    assert backend.produced < BATCHES


def test_a_client_deadline_cancels_the_backend_call(guarded):
    backend, guard = guarded
    with grpc.insecure_channel(f"127.0.0.1:{guard.port}") as channel:
        stub = channel.unary_stream("/arrow.flight.protocol.FlightService/DoAction")
        with pytest.raises(grpc.RpcError) as caught:
            list(stub(fl.Action("wait", b"").serialize(), timeout=1.0))
    assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert backend.cancelled.wait(_PATIENCE_S), "the backend call outlived the client's deadline"


def test_backend_headers_and_trailers_pass_through(guarded):
    _, guard = guarded
    with grpc.insecure_channel(f"127.0.0.1:{guard.port}") as channel:
        stub = channel.unary_stream("/arrow.flight.protocol.FlightService/DoAction")
        call = stub(fl.Action("headers", b"").serialize(), timeout=60)
        assert [fl.Result.deserialize(m).body.to_pybytes() for m in call] == [b"done"]
        assert ("x-backend-header", "h") in call.initial_metadata()
        assert ("x-backend-trailer", "t") in call.trailing_metadata()
