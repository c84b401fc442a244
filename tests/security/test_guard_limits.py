"""The guard refuses messages over its limit (mosaicod's 50 MiB by default) and keeps serving.

pyarrow's server has no receive limit. The guard's gRPC server has one: a larger
message is refused with RESOURCE_EXHAUSTED before it is forwarded, and an upload cut
short that way is discarded by the backend (never committed with the rows before it).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Callable

import grpc
import pyarrow as pa
import pyarrow.flight as fl
import pytest

from mosaicolabs import MosaicoClient
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.mock_server import MockFlightServer, running_server
from mosaicolabs.mock_server.guard import DEFAULT_MAX_MESSAGE_BYTES
from tests.unit.test_raw_grpc_abuse import action

MANAGE = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"
KEY = (("mosaico-api-key-token", MANAGE),)
MB = 1024 * 1024
SCHEMA = pa.schema([pa.field("timestamp_ns", pa.int64(), nullable=False),
                    pa.field("data", pa.float64())])
_PATIENCE_S = 60.0  # generous: only a hang (a failure) ever gets near it


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + _PATIENCE_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting until {what}")
        time.sleep(0.02)


def _engine() -> MemoryEngine:
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(APIKeyPermissionEnum.Manage, "root", token=MANAGE)
    return engine


def still_serving(server: MockFlightServer) -> None:
    with MosaicoClient.connect("127.0.0.1", server.port, api_key=MANAGE, timeout=60) as client:
        assert client.version() == "0.3.0"


def test_the_default_limit_is_mosaicods():
    assert DEFAULT_MAX_MESSAGE_BYTES == 50 * 1024 * 1024  # MOSAICOD_MAX_MESSAGE_SIZE_IN_BYTES


def test_an_action_over_the_default_limit_is_refused_and_the_server_keeps_serving():
    with running_server(_engine()) as server:
        options = [("grpc.max_send_message_length", -1)]
        with grpc.insecure_channel(f"127.0.0.1:{server.port}", options=options) as channel:
            stub = channel.unary_stream("/arrow.flight.protocol.FlightService/DoAction")
            body = action("version", b" " * (DEFAULT_MAX_MESSAGE_BYTES + 1))
            with pytest.raises(grpc.RpcError) as caught:
                list(stub(body, metadata=KEY, timeout=60))
            assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
            # Just under the limit goes through: "{}" and blanks, still valid JSON.
            fits = action("version", b"{}" + b" " * (DEFAULT_MAX_MESSAGE_BYTES - 1024))
            assert b"0.3.0" in list(stub(fits, metadata=KEY, timeout=60))[0]
        still_serving(server)


@pytest.fixture
def small_limit() -> Iterator[tuple[MockFlightServer, str]]:
    """A guarded server with a 1 MiB limit and an open topic drive/imu (and its uuid)."""
    engine = _engine()
    engine.create_sequence("drive", {})
    session = engine.create_session("drive")
    uuid = engine.create_topic(session, "drive/imu", "floating64", "default", {})
    with running_server(engine, max_message_bytes=MB) as server:
        yield server, uuid


def _batch(start: int, rows: int) -> pa.RecordBatch:
    stamps = pa.array(range(start, start + rows), pa.int64())
    return pa.record_batch([stamps, pa.array([1.0] * rows)], schema=SCHEMA)


def _upload(server: MockFlightServer, uuid: str, batches: list[pa.RecordBatch]) -> None:
    command = json.dumps({"resource_locator": "drive/imu", "topic_uuid": uuid}).encode()
    options = fl.FlightCallOptions(headers=[(b"mosaico-api-key-token", MANAGE.encode())])
    with fl.FlightClient(server.uri) as client:
        writer, _ = client.do_put(fl.FlightDescriptor.for_command(command), SCHEMA, options)
        for batch in batches:
            writer.write_batch(batch)
        writer.done_writing()
        writer.close()


def test_a_doput_batch_over_the_limit_is_refused_and_nothing_is_stored(small_limit):
    server, uuid = small_limit
    topic = server.engine._topics["drive/imu"]
    small = [_batch(0, 1_000), _batch(1_000, 1_000)]  # 16 kB each: forwarded
    huge = _batch(2_000, 100_000)  # 1.6 MB
    assert huge.nbytes > MB
    with pytest.raises(pa.ArrowException, match="resource exhausted") as caught:
        _upload(server, uuid, [*small, huge, _batch(102_000, 10)])
    assert "larger than max" in str(caught.value)
    _wait_for(lambda: not topic.uploading, "the backend has ended the upload")
    assert not topic.locked, "the rows before the refused batch were committed"
    # The server keeps serving, and the same topic can then be uploaded in full.
    still_serving(server)
    _upload(server, uuid, small)
    assert topic.locked and topic.table.num_rows == 2_000


def test_the_limit_must_be_a_positive_number_of_bytes():
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="max_message_bytes"):
            MockFlightServer(guard=True, max_message_bytes=bad)
