"""A raw grpcio client sends malformed Flight messages; the server answers with a proper
status and keeps serving.

Flight's protobuf messages are encoded by hand (:mod:`tests.flight_wire`), which is also
how a broken or hostile client would reach the server.
"""

from __future__ import annotations

import json

import grpc
import pyarrow as pa
import pytest

from mosaicolabs import MosaicoClient
from mosaicolabs.mock_server import running_server
from tests.flight_wire import SERVICE, action, descriptor, field, flight_data, ipc_parts

SCHEMA = pa.schema([pa.field("timestamp_ns", pa.int64(), False)])


@pytest.fixture
def raw():
    with running_server() as server:
        channel = grpc.insecure_channel(f"127.0.0.1:{server.port}")
        yield server, channel
        channel.close()


def call(channel, method: str, request, streaming_request=False, streaming_response=True):
    kind = (
        ("stream" if streaming_request else "unary")
        + "_"
        + ("stream" if streaming_response else "unary")
    )
    stub = getattr(channel, kind)(SERVICE + method)
    result = stub(request, timeout=10)
    return list(result) if streaming_response else result


def status_of(thunk) -> grpc.StatusCode:
    with pytest.raises(grpc.RpcError) as caught:
        thunk()
    return caught.value.code()


def still_serving(server) -> None:
    with MosaicoClient.connect("127.0.0.1", server.port, timeout=2) as client:
        assert client.version() == "0.3.0"


# Statuses as mosaicod 0.3.0 answers them: most failures are INTERNAL with a
# generic text (``action error``, ``marshal error``, ``database error``).
CASES = {
    "undecodable-action-proto": (
        "DoAction",
        b"\xff\xff\xff\xff",
        {grpc.StatusCode.INTERNAL, grpc.StatusCode.INVALID_ARGUMENT},
    ),
    "garbage-json-body": (
        "DoAction",
        action("sequence_create", b"{not json"),
        {grpc.StatusCode.INTERNAL},
    ),
    "body-not-an-object": (
        "DoAction",
        action("sequence_create", b"[1, 2]"),
        {grpc.StatusCode.INTERNAL},
    ),
    "unknown-action": (
        "DoAction",
        action("drop_tables", b"{}"),
        {grpc.StatusCode.INTERNAL},
    ),
    "path-descriptor-info": (
        "GetFlightInfo",
        descriptor(path="seq"),
        {grpc.StatusCode.INVALID_ARGUMENT},
    ),
    "garbage-cmd-info": (
        "GetFlightInfo",
        descriptor(b"\x00\x01garbage"),
        {grpc.StatusCode.INTERNAL},
    ),
    "unknown-locator-info": (
        "GetFlightInfo",
        descriptor(json.dumps({"resource_locator": "nope"}).encode()),
        {grpc.StatusCode.INTERNAL},
    ),
    "garbage-ticket": (
        "DoGet",
        field(1, b"\x00garbage\xff"),
        {grpc.StatusCode.INTERNAL},
    ),
    "bad-criteria": (
        "ListFlights",
        field(1, b"everything please"),
        {grpc.StatusCode.INVALID_ARGUMENT},
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_unary_requests_get_proper_statuses(raw, case):
    server, channel = raw
    method, request, expected = CASES[case]
    streaming = method != "GetFlightInfo"
    code = status_of(lambda: call(channel, method, request, streaming_response=streaming))
    assert code in expected
    still_serving(server)


def _topic(server) -> tuple[str, str]:
    engine = server.engine
    engine.create_sequence("seq", {})
    session = engine.create_session("seq")
    return "seq/imu", engine.create_topic(session, "seq/imu", "imu", "default", {})


def _put(channel, messages) -> grpc.StatusCode | None:
    try:
        call(channel, "DoPut", iter(messages), streaming_request=True)
    except grpc.RpcError as error:
        return error.code()
    return None


def test_doput_without_descriptor_is_refused(raw):
    server, channel = raw
    header, _ = ipc_parts(SCHEMA)
    assert _put(channel, [flight_data(header=header)]) is not None
    still_serving(server)


def test_doput_with_path_descriptor_or_garbage_header_is_invalid(raw):
    server, channel = raw
    header, _ = ipc_parts(SCHEMA)
    assert (
        _put(channel, [flight_data(descriptor(path="seq/imu"), header)])
        == grpc.StatusCode.INVALID_ARGUMENT
    )
    locator, uuid = _topic(server)
    cmd = json.dumps({"resource_locator": locator, "topic_uuid": uuid}).encode()
    assert _put(channel, [flight_data(descriptor(cmd), b"\x01\x02garbage")]) is not None
    assert not server.engine.describe_topic(locator).locked
    still_serving(server)


def test_doput_with_a_second_schema_is_refused_and_nothing_is_stored(raw):
    server, channel = raw
    locator, uuid = _topic(server)
    cmd = json.dumps({"resource_locator": locator, "topic_uuid": uuid}).encode()
    schema_header, _ = ipc_parts(SCHEMA)
    batch_header, batch_body = ipc_parts(
        pa.record_batch([pa.array([1, 2], pa.int64())], schema=SCHEMA)
    )
    messages = [
        flight_data(descriptor(cmd), schema_header),
        flight_data(header=batch_header, body=batch_body),
        flight_data(header=schema_header),
    ]
    assert _put(channel, messages) is not None
    topic = server.engine.describe_topic(locator)
    assert not topic.locked and topic.chunks_number == 0  # never half-visible
    still_serving(server)


def test_doput_of_empty_batches_locks_an_empty_topic(raw):
    server, channel = raw
    locator, uuid = _topic(server)
    cmd = json.dumps({"resource_locator": locator, "topic_uuid": uuid}).encode()
    schema_header, _ = ipc_parts(SCHEMA)
    empty_header, empty_body = ipc_parts(
        SCHEMA.empty_table().to_batches()[0]
        if SCHEMA.empty_table().to_batches()
        else pa.record_batch([pa.array([], pa.int64())], schema=SCHEMA)
    )
    messages = [
        flight_data(descriptor(cmd), schema_header),
        flight_data(header=empty_header, body=empty_body),
    ]
    assert _put(channel, messages) is None
    topic = server.engine.describe_topic(locator)
    # As on mosaicod 0.3.0, an empty batch opens a stored chunk (a file of no rows).
    assert topic.locked and topic.chunks_number == 1 and topic.time_range is None
