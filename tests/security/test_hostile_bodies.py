"""Bodies built to hurt: deep or huge JSON, a DoPut without its schema, uploads held open.

All sent over raw Flight or gRPC, as an attacker would. Each is refused with a clear
status where it entered, nothing of it is stored, and the server keeps serving.
"""

from __future__ import annotations

import json
import time

import grpc
import pyarrow as pa
import pyarrow.flight as fl
import pytest

from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.mock_server import running_server, wire
from tests.flight_wire import descriptor, flight_data

_GUARD_S = 60.0


def _nested(depth: int) -> dict:
    value: dict = {"leaf": 1}
    for _ in range(depth - 1):
        value = {"k": value}
    return value


def _create(client: fl.FlightClient, body: bytes) -> None:
    list(client.do_action(fl.Action("sequence_create", body)))


@pytest.fixture
def server():
    with running_server(MemoryEngine()) as srv:
        yield srv


@pytest.mark.parametrize("depth", [wire.MAX_JSON_DEPTH + 1, 200, 5_000])
def test_deep_json_is_refused_as_a_bad_body(server, depth):
    client = fl.connect(server.uri)
    body = json.dumps({"locator": "deep", "user_metadata": _nested(depth)}).encode() \
        if depth < 900 else (b'{"locator":"deep","user_metadata":' + b'{"k":' * depth
                             + b"1" + b"}" * depth + b"}")
    with pytest.raises(fl.FlightError, match="nested deeper than 128 levels"):
        _create(client, body)
    assert "deep" not in server.engine.list_sequences()
    _create(client, json.dumps({"locator": "fine", "user_metadata": _nested(wire.MAX_JSON_DEPTH
                                                                            - 1)}).encode())
    assert "fine" in server.engine.list_sequences()  # the limit is exactly where it says


def test_an_oversized_json_body_is_refused_before_it_is_decoded(server, monkeypatch):
    monkeypatch.setattr(wire, "MAX_JSON_BYTES", 1_000)
    client = fl.connect(server.uri)
    body = json.dumps({"locator": "big", "user_metadata": {"blob": "x" * 2_000}}).encode()
    with pytest.raises(fl.FlightError, match=r"\d+ bytes of JSON is more than the 1000 accepted"):
        _create(client, body)
    assert server.engine.list_sequences() == []


def test_a_do_put_with_a_descriptor_but_no_schema_is_invalid_argument(server):
    command = json.dumps({"resource_locator": "s/t", "topic_uuid": "x"}).encode()
    cmd_descriptor = descriptor(command)
    with grpc.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        call = channel.stream_stream("/arrow.flight.protocol.FlightService/DoPut",
                                     request_serializer=None, response_deserializer=None)
        with pytest.raises(grpc.RpcError) as caught:
            list(call(iter([flight_data(cmd_descriptor)]), timeout=_GUARD_S))
    assert caught.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert "missing header message" in caught.value.details()


def _open_upload(client: fl.FlightClient, engine: MemoryEngine, topic: str):
    session = engine.create_session("held")
    uuid = engine.create_topic(session, f"held/{topic}", "blob", "default", {})
    command = json.dumps({"resource_locator": f"held/{topic}", "topic_uuid": uuid})
    schema = pa.schema([pa.field("timestamp_ns", pa.int64(), nullable=False)])
    writer, _ = client.do_put(fl.FlightDescriptor.for_command(command), schema)
    writer.write_batch(pa.record_batch([pa.array([1], pa.int64())], schema=schema))
    return writer


def _wait_for_open_uploads(server, count: int) -> None:
    deadline = time.monotonic() + _GUARD_S
    while server.upload_slots.in_use(None) != count:
        assert time.monotonic() < deadline, f"the server never held {count} uploads"
        time.sleep(0.01)


def test_one_key_cannot_hold_more_uploads_open_than_its_slots():
    engine = MemoryEngine()
    engine.create_sequence("held", {})
    # The client closes first (inner block): whatever happens, its open uploads end
    # before the server's shutdown, which waits for every call in progress.
    with running_server(engine, max_uploads_per_key=2) as server, \
            fl.connect(server.uri) as client:
        first, second = (_open_upload(client, engine, name) for name in ("a", "b"))
        _wait_for_open_uploads(server, 2)
        # The refusal may reach the client at its first write or only at its close.
        with pytest.raises(fl.FlightUnavailableError, match="too many concurrent uploads"):
            third = _open_upload(client, engine, "c")
            third.done_writing()
            third.close()
        assert not engine.describe_topic("held/c").locked
        first.done_writing()
        first.close()  # a slot is free again: the next upload goes through
        _wait_for_open_uploads(server, 1)
        fourth = _open_upload(client, engine, "d")
        fourth.done_writing()
        fourth.close()
        second.done_writing()
        second.close()
        assert [engine.describe_topic(f"held/{t}").locked for t in "abcd"] == [True, True,
                                                                               False, True]
        assert server.upload_slots.in_use(None) == 0
