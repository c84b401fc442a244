"""Behind the guard, failures read as mosaicod's do: no traceback, no file path.

A pyarrow server attaches the handler's Python traceback to most statuses, and a
pyarrow client shows it ("Detail: Python exception: Traceback ... /work/...py").
The guard sends plain gRPC statuses instead, with the mock's mosaicod text, so a
pyarrow client shows ``Flight returned <kind> error, with message: <text> :: <detail>``
as it does for mosaicod; the status (and so pyarrow's exception class) is kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import grpc
import pyarrow as pa
import pyarrow.flight as fl
import pytest

from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKey, APIKeyPermissionEnum
from mosaicolabs.mock_server import running_server

MANAGE = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"
READ = APIKey.generate().token  # issued with Read permission below
SCHEMA = pa.schema([pa.field("timestamp_ns", pa.int64(), nullable=False),
                    pa.field("data", pa.float64())])
ARROW_TRAILERS = {"x-arrow-status", "x-arrow-status-message-bin", "x-arrow-status-detail-bin",
                  "grpc-status-details-bin"}


@contextmanager
def _server(guard: bool) -> Iterator[tuple]:
    """A server with keys and an open topic drive/imu; yields it and the topic's uuid."""
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(APIKeyPermissionEnum.Manage, "root", token=MANAGE)
    engine.keys.issue(APIKeyPermissionEnum.Read, "reader", token=READ)
    engine.create_sequence("drive", {})
    session = engine.create_session("drive")
    uuid = engine.create_topic(session, "drive/imu", "floating64", "default", {})
    with running_server(engine, guard=guard) as srv:
        yield srv, uuid


@pytest.fixture(scope="module", params=[True, False], ids=["guarded", "unguarded"])
def served(request) -> Iterator[tuple]:
    with _server(request.param) as pair:
        yield pair


def _options(key: str = MANAGE) -> fl.FlightCallOptions:
    return fl.FlightCallOptions(headers=[(b"mosaico-api-key-token", key.encode())])


def _put(client: fl.FlightClient, uuid: str, schema: pa.Schema, send, key: str = MANAGE
         ) -> None:
    """A DoPut on drive/imu with ``schema``; ``send(writer)`` writes the stream."""
    command = json.dumps({"resource_locator": "drive/imu", "topic_uuid": uuid})
    writer, _ = client.do_put(fl.FlightDescriptor.for_command(command.encode()), schema,
                              _options(key))
    send(writer)
    writer.done_writing()
    writer.close()


def _action(client: fl.FlightClient, kind: str, body: dict, key: str = MANAGE) -> None:
    list(client.do_action(fl.Action(kind, json.dumps(body).encode()), _options(key)))


_WRONG_SCHEMA = pa.schema([pa.field("time", pa.int64())])
_BATCH = pa.record_batch([pa.array([1], pa.int64()), pa.array([1.0])], schema=SCHEMA)

# name -> (call, pyarrow exception class, what the client shows, up to " :: " or the end)
CASES = {
    "invalid-argument-descriptor": (
        lambda c, u: c.get_flight_info(fl.FlightDescriptor.for_path("drive"), _options()),
        pa.ArrowInvalid, "Flight returned invalid argument error, with message: "
        "unsupported descriptor type :: "),
    "invalid-argument-schema": (
        lambda c, u: _put(c, u, _WRONG_SCHEMA, lambda w: None),
        pa.ArrowInvalid, "Flight returned invalid argument error, with message: "
        "sanitization error :: "),
    "not-found-no-data": (
        lambda c, u: _put(c, u, SCHEMA, lambda w: w.write_metadata(b"no batch")),
        pa.ArrowKeyError, "Flight returned not found error, with message: no data received"),
    "unimplemented-get-schema": (
        lambda c, u: c.get_schema(fl.FlightDescriptor.for_command(b"{}"), _options()),
        pa.ArrowNotImplementedError, "Flight returned unimplemented error, with message: "
        "unimplemented :: get_schema is currently unimplemented"),
    "unimplemented-exchange": (
        lambda c, u: c.do_exchange(fl.FlightDescriptor.for_command(b"{}"),
                                   _options())[1].read_all(),
        pa.ArrowNotImplementedError, "Flight returned unimplemented error, with message: "
        "unimplemented :: do_exchange is currently unimplemented"),
    "unimplemented-handshake": (
        lambda c, u: c.authenticate_basic_token("user", "password", _options()),
        pa.ArrowNotImplementedError, "Flight returned unimplemented error, with message: "
        "This service does not have an authentication mechanism enabled."),
    "internal-action": (
        lambda c, u: _action(c, "drop_tables", {}),
        fl.FlightInternalError, "Flight returned internal error, with message: action error :: "),
    "permission-denied-level": (
        lambda c, u: _put(c, u, SCHEMA, lambda w: w.write_batch(_BATCH), key=READ),
        fl.FlightUnauthorizedError, "Flight returned unauthorized error, with message: "
        "unauthorized :: provided API key does not have WRITE permissions"),
    "already-exists": (
        lambda c, u: _action(c, "sequence_create", {"locator": "drive", "user_metadata": {}}),
        pa.ArrowException, "Unknown: Flight returned already exists error, with message: "
        "sequence `drive` already exists"),
}
# What a pyarrow client shows of a pyarrow server's status, after the server's message.
_PYARROW_DETAIL = re.compile(r"\. Detail: .*\Z", re.S)


def _failure(server, uuid: str, case: str) -> pa.ArrowException:
    with fl.FlightClient(server.uri) as client, pytest.raises(pa.ArrowException) as caught:
        CASES[case][0](client, uuid)
    return caught.value


@pytest.mark.parametrize("case", list(CASES))
def test_a_pyarrow_client_sees_mosaicods_words_and_no_traceback(served, case):
    server, uuid = served
    _, kind, shown = CASES[case]
    error = _failure(server, uuid, case)
    text = str(error)
    assert isinstance(error, kind)
    assert text.startswith(shown)
    if server.guard is None:
        return  # the unguarded server: same words, but pyarrow's detail may follow
    for leak in ("Traceback", "Detail: Python", ".py", "/work", "File \""):
        assert leak not in text, f"{leak!r} in {text!r}"


def _shown(error: pa.ArrowException) -> str:
    """The server's part of what pyarrow shows: no appended detail or client context."""
    return _PYARROW_DETAIL.sub("", str(error)).split(". gRPC client debug context")[0]


def test_the_guarded_server_says_what_the_unguarded_one_says():
    """Same texts both ways; only pyarrow's appended detail (the traceback) is gone."""
    with _server(True) as (guarded, uuid), _server(False) as (plain, plain_uuid):
        for case in CASES:
            if case == "already-exists":
                continue  # the status differs by design: see the next test
            ours = _shown(_failure(guarded, uuid, case))
            assert ours == _shown(_failure(plain, plain_uuid, case)), case


def test_already_exists_goes_out_as_mosaicod_sends_it(served):
    """pyarrow cannot send ALREADY_EXISTS (the mock sends UNKNOWN); the guard can."""
    server, _ = served
    sent = {True: grpc.StatusCode.ALREADY_EXISTS, False: grpc.StatusCode.UNKNOWN}
    request = fl.Action("sequence_create", b'{"locator": "drive", "user_metadata": {}}')
    raw = request.serialize()
    with grpc.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        stub = channel.unary_stream("/arrow.flight.protocol.FlightService/DoAction")
        with pytest.raises(grpc.RpcError) as caught:
            list(stub(raw, metadata=(("mosaico-api-key-token", MANAGE),), timeout=60))
    error = caught.value
    assert error.code() == sent[server.guard is not None]
    if server.guard is not None:
        assert error.details() == "sequence `drive` already exists"
        assert not ARROW_TRAILERS & {key for key, _ in error.trailing_metadata()}
