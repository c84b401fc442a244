"""With keys enforced, every Flight method refuses a caller without a valid key, as mosaicod
does (it authenticates each call before looking at the method). Before, ListActions answered
anyone, GetSchema / DoExchange answered a key-less caller with "unimplemented", and Handshake
was pyarrow's own, open to all.

With keys enforced the guard answers first, with plain statuses as mosaicod sends them: no
Python traceback on any method (pyarrow's client shows a plain PERMISSION_DENIED from
GetSchema as an OSError rather than an ArrowException)."""

from __future__ import annotations

import grpc
import pyarrow as pa
import pyarrow.flight as fl
import pytest

from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.mock_server import running_server

MANAGE = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"
DESCRIPTOR = fl.FlightDescriptor.for_command(b'{"resource_locator": "s"}')
METHODS = {
    "ListActions": lambda c, o: list(c.list_actions(o)),
    "GetSchema": lambda c, o: c.get_schema(DESCRIPTOR, o),
    "DoExchange": lambda c, o: c.do_exchange(DESCRIPTOR, o)[1].read_all(),
}


@pytest.fixture(scope="module")
def server():
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(APIKeyPermissionEnum.Manage, "root", token=MANAGE)
    with running_server(engine) as srv:
        yield srv


def _options(key: str | None) -> fl.FlightCallOptions:
    headers = [] if key is None else [(b"mosaico-api-key-token", key.encode())]
    return fl.FlightCallOptions(headers=headers)


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize(("key", "refusal"), [
    (None, "missing api key token in request"),
    ("msco_zzzzzzzzzzzzzzzzzzzzzzzzzzzz1234_00000000", "with message: unauthorized"),
])
def test_a_caller_without_a_valid_key_is_refused(server, method, key, refusal):
    with fl.FlightClient(server.uri) as client, \
            pytest.raises((pa.ArrowException, OSError)) as caught:
        METHODS[method](client, _options(key))
    assert refusal in str(caught.value)
    assert "Traceback" not in str(caught.value)


@pytest.mark.parametrize(("key", "refusal"), [
    (None, "missing api key token in request"),
    ("msco_zzzzzzzzzzzzzzzzzzzzzzzzzzzz1234_00000000", "unauthorized"),
])
def test_handshake_is_refused_without_a_valid_key(server, key, refusal):
    metadata = [] if key is None else [("mosaico-api-key-token", key)]
    with grpc.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        handshake = channel.stream_stream("/arrow.flight.protocol.FlightService/Handshake",
                                          request_serializer=None, response_deserializer=None)
        with pytest.raises(grpc.RpcError) as caught:
            list(handshake(iter([b""]), metadata=metadata, timeout=60))
    assert caught.value.code() is grpc.StatusCode.PERMISSION_DENIED
    assert refusal in caught.value.details()


def test_a_valid_key_lists_actions_and_gets_unimplemented_elsewhere(server):
    with fl.FlightClient(server.uri) as client:
        assert any(a.type == "version" for a in client.list_actions(_options(MANAGE)))
        with pytest.raises(pa.ArrowNotImplementedError, match="get_schema is currently unimpl"):
            client.get_schema(DESCRIPTOR, _options(MANAGE))
