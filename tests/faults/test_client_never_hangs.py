"""The client never hangs on a stalled data stream, and never cuts a slow but moving one.

Misbehaving servers hold their handlers on an Event (released at teardown, so the
server can shut down). Every client call runs in a thread joined with a generous guard:
a regression fails the test instead of hanging the run. Nothing is timed: a typed
deadline error can only come from the idle limit, since the server answers only once
released.
"""

from __future__ import annotations

import gc
import threading
import time
from typing import Any, Callable, Iterator

import pyarrow as pa
import pyarrow.flight as flight
import pytest

from mosaicolabs import Floating64, Message, MosaicoClient
from mosaicolabs.adapters import flight as mf
from mosaicolabs.adapters.auth import AnonymousCredentials
from mosaicolabs.adapters.compression import NoCompression
from mosaicolabs.adapters.tls import PlainChannel
from mosaicolabs.domain.errors import DeadlineExceededError, MosaicoError, WriteFailedError
from mosaicolabs.mock_server import MockFlightServer

STALL_IDLE_S = 1.0  # any value works: a stalled server never answers before teardown
SLOW_IDLE_S = 3.0  # 15 times the slow server's pace: robust on a busy machine
SLOW_PACE_S = 0.2
SLOW_BATCHES = 25  # 5 s in all: longer than the idle limit, so the clock must restart
SLOW_UPLOAD_BATCHES = 20
GUARD_S = 60.0  # a hang fails here, well before CI's own timeout
SCHEMA = pa.schema([pa.field("timestamp_ns", pa.int64()), pa.field("value", pa.float64())])


def batch(start: int, rows: int = 100) -> pa.RecordBatch:
    stamps = pa.array(range(start, start + rows), pa.int64())
    return pa.record_batch([stamps, pa.array([0.5] * rows, pa.float64())], schema=SCHEMA)


def outcome(call: Callable[[], Any]) -> dict[str, Any]:
    """``{"value": ...}`` or ``{"error": ...}`` of ``call``; fails if it is still running."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed to the test
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(GUARD_S)
    if worker.is_alive():
        pytest.fail(f"the client call still hangs after {GUARD_S} s")
    return box


def deadline_error(box: dict[str, Any]) -> DeadlineExceededError:
    error = box.get("error")
    assert isinstance(error, DeadlineExceededError), box
    assert isinstance(error, TimeoutError)
    return error


class MisbehavingServer(flight.FlightServerBase):
    """A raw Flight server whose DoGet and DoPut misbehave as ``mode`` says."""

    def __init__(self, mode: str) -> None:
        super().__init__("grpc://127.0.0.1:0")
        self.mode = mode
        self.release = threading.Event()
        self.rows_received = 0
        self.upload_ended = threading.Event()

    def do_get(self, context, ticket):
        if self.mode == "get: stall before schema":
            self.release.wait()
        return flight.GeneratorStream(SCHEMA, self._batches())

    def _batches(self) -> Iterator[pa.RecordBatch]:
        if self.mode == "get: slow":
            for k in range(SLOW_BATCHES):
                time.sleep(SLOW_PACE_S)
                yield batch(100 * k)
            return
        yield batch(0)
        self.release.wait()  # "get: stall mid-stream"

    def do_put(self, context, descriptor, reader, writer):
        if self.mode == "put: never read":
            self.release.wait()
            return
        try:
            for chunk in reader:
                self.rows_received += chunk.data.num_rows
                if self.mode == "put: slow":
                    time.sleep(SLOW_PACE_S)
        finally:  # also when the client went away mid-upload
            self.upload_ended.set()
        if self.mode == "put: never answer":
            self.release.wait()


@pytest.fixture
def serve() -> Iterator[Callable[[str], MisbehavingServer]]:
    servers: list[MisbehavingServer] = []

    def start(mode: str) -> MisbehavingServer:
        servers.append(MisbehavingServer(mode))
        return servers[-1]

    yield start
    for server in servers:
        server.release.set()  # let held handlers return, so shutdown does not wait
        server.shutdown()


@pytest.fixture
def streams_to() -> Iterator[Callable[[flight.FlightServerBase, float | None],
                                      mf.FlightTopicStreams]]:
    """The Flight adapter's topic streams on a server, with a stream idle limit."""
    connections: list[mf.FlightConnection] = []

    def connect(server: flight.FlightServerBase, idle_s: float | None) -> mf.FlightTopicStreams:
        connection = mf.FlightConnection(
            "127.0.0.1", server.port, security=PlainChannel(),
            credentials=AnonymousCredentials(), compression=NoCompression(),
            stream_idle_timeout_s=idle_s)
        connections.append(connection)
        catalog = mf.FlightCatalog(connection)
        # As if the topic had been described: a whole-topic read goes straight to DoGet.
        catalog.tickets.remember("seq/imu", b"whole topic")
        return mf.FlightTopicStreams(connection, catalog)

    yield connect
    for connection in connections:
        connection.close()


def read_all(streams: mf.FlightTopicStreams) -> int:
    reader = streams.open_reader("seq", "/imu")
    return sum(b.num_rows for b in reader)


def upload(streams: mf.FlightTopicStreams, batches: int, rows: int = 100) -> None:
    writer = streams.open_writer("seq", "/imu", "uuid", SCHEMA)
    data = batch(0, rows)
    for _ in range(batches):
        writer.write_batch(data)
    writer.close()


# -- DoGet ---------------------------------------------------------------------------------
def test_a_download_stalled_before_its_schema_raises_a_deadline_error(serve, streams_to):
    streams = streams_to(serve("get: stall before schema"), STALL_IDLE_S)
    error = deadline_error(outcome(lambda: read_all(streams)))
    assert (error.action, error.resource) == ("DoGet", "seq/imu")
    assert "'seq/imu'" in str(error) and f"{STALL_IDLE_S:g} s" in str(error)


def test_a_download_stalled_mid_stream_raises_a_deadline_error(serve, streams_to):
    streams = streams_to(serve("get: stall mid-stream"), STALL_IDLE_S)
    reader = streams.open_reader("seq", "/imu")
    batches = iter(reader)
    assert next(batches).num_rows == 100  # the first batch arrives; then nothing
    error = deadline_error(outcome(lambda: next(batches)))
    assert "seq/imu" in str(error) and "sent no data" in str(error)


def test_a_slow_but_moving_download_is_read_completely(serve, streams_to):
    streams = streams_to(serve("get: slow"), SLOW_IDLE_S)
    assert outcome(lambda: read_all(streams)) == {"value": SLOW_BATCHES * 100}


def test_a_paused_consumer_is_not_a_stalled_stream(serve, streams_to):
    # The limit counts only time spent waiting on the server, not the caller's own pauses.
    streams = streams_to(serve("get: slow"), STALL_IDLE_S)
    reader = iter(streams.open_reader("seq", "/imu"))
    rows = next(reader).num_rows
    time.sleep(2 * STALL_IDLE_S)
    assert outcome(lambda: rows + sum(b.num_rows for b in reader)) == {
        "value": SLOW_BATCHES * 100}


# -- DoPut ---------------------------------------------------------------------------------
def test_an_upload_the_server_never_reads_raises_a_deadline_error(serve, streams_to):
    streams = streams_to(serve("put: never read"), STALL_IDLE_S)
    # 64 MB in 1 MB batches: far more than gRPC and the sockets buffer, so a write blocks.
    error = deadline_error(outcome(lambda: upload(streams, batches=64, rows=65_536)))
    assert (error.action, error.resource) == ("DoPut", "seq/imu")
    assert "took no data" in str(error)


def test_an_upload_whose_close_is_never_answered_raises_a_deadline_error(serve, streams_to):
    server = serve("put: never answer")
    streams = streams_to(server, STALL_IDLE_S)
    error = deadline_error(outcome(lambda: upload(streams, batches=3)))
    assert "did not confirm the upload" in str(error) and "'seq/imu'" in str(error)
    assert server.rows_received == 300  # everything was sent: only the answer is missing


def test_a_slow_but_moving_upload_completes(serve, streams_to):
    # 4 MB batches, the writer's default size: gRPC and the sockets buffer about three, so
    # every write and the final wait for the answer last well under the limit, while the
    # whole upload lasts longer than it.
    server = serve("put: slow")
    streams = streams_to(server, SLOW_IDLE_S)
    rows = 4 * 1024 * 1024 // 16
    assert outcome(lambda: upload(streams, SLOW_UPLOAD_BATCHES, rows)) == {"value": None}
    assert server.rows_received == SLOW_UPLOAD_BATCHES * rows


@pytest.mark.parametrize("failed_write", [False, True], ids=["after a batch", "after an error"])
def test_a_writer_dropped_without_close_releases_its_upload(serve, streams_to, failed_write):
    # Freed by reference counting alone, as a test's locals are at its end, a writer must end
    # its upload: neither the worker thread nor an error's traceback may keep it alive (the
    # server would wait for the rest for ever, and its shutdown with it).
    server = serve("put: normal")
    streams = streams_to(server, SLOW_IDLE_S)
    gc.disable()
    try:
        writer = streams.open_writer("seq", "/imu", "uuid", SCHEMA)
        writer.write_batch(batch(0))
        if failed_write:
            with pytest.raises(MosaicoError):
                writer.write_batch(pa.record_batch([pa.array(["x"])], names=["other"]))
        del writer
        assert server.upload_ended.wait(GUARD_S)
    finally:
        gc.enable()
    assert server.rows_received == 100


def test_without_a_limit_the_stream_waits_for_the_server(serve, streams_to):
    server = serve("get: stall before schema")
    streams = streams_to(server, None)  # no limit
    threading.Timer(2 * STALL_IDLE_S, server.release.set).start()
    assert outcome(lambda: read_all(streams)) == {"value": 100}


# -- through MosaicoClient.connect(stream_idle_timeout=...) ----------------------------------
class StallingMock(MockFlightServer):
    """The mock server, until ``stall`` is set: then DoGet and DoPut's answer hang."""

    def __init__(self) -> None:
        super().__init__()
        self.stall = False
        self.release = threading.Event()

    def do_get(self, context, ticket):
        if self.stall:
            self.release.wait()
        return super().do_get(context, ticket)

    def do_put(self, context, descriptor, reader, writer):
        super().do_put(context, descriptor, reader, writer)
        if self.stall:
            self.release.wait()


@pytest.fixture
def mock() -> Iterator[StallingMock]:
    server = StallingMock()
    yield server
    server.release.set()
    server.shutdown()


def write_topic(client: MosaicoClient, sequence: str) -> None:
    with client.sequence_create(sequence, {}) as writer:
        topic = writer.topic_create("/x", {}, Floating64)
        for t in range(10):
            topic.push(Message(timestamp_ns=t, data=Floating64(data=float(t))))


def test_client_reads_and_writes_are_bounded_by_stream_idle_timeout(mock):
    with MosaicoClient.connect("127.0.0.1", mock.port, stream_idle_timeout=STALL_IDLE_S) as client:
        write_topic(client, "kept")
        mock.stall = True
        error = deadline_error(outcome(lambda: client.topic_handler("kept", "/x").to_arrow()))
        assert error.resource == "kept/x"
        failed = outcome(lambda: write_topic(client, "stalled")).get("error")
        assert isinstance(failed, WriteFailedError), failed
        assert isinstance(failed.__cause__, DeadlineExceededError)
        assert "stalled/x" in str(failed.__cause__)
