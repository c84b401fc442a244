"""Errors keep the gRPC status they came from (``MosaicoError.status_code``).

The statuses come from a real gRPC server in this process: a bare grpcio service on
Flight's ``DoAction`` path that answers each action with the status it is named after,
as mosaicod (a Rust server, able to send every status) would. pyarrow's client turns
them into its exceptions; the translator must hand the status on, whatever class the
error becomes.
"""

from __future__ import annotations

import pickle
from concurrent import futures
from typing import Iterator

import grpc
import pyarrow as pa
import pyarrow.flight as fl
import pytest

from mosaicolabs.adapters import flight as mf
from mosaicolabs.adapters.auth import AnonymousCredentials
from mosaicolabs.adapters.compression import NoCompression
from mosaicolabs.adapters.flight.error_rules import BY_STATUS
from mosaicolabs.adapters.flight.errors import domain_status, translate, wire_status
from mosaicolabs.adapters.tls import PlainChannel
from mosaicolabs.domain import errors as E
from mosaicolabs.domain.retry import NO_RETRY
from mosaicolabs.domain.status_codes import StatusCode

DO_ACTION = "/arrow.flight.protocol.FlightService/DoAction"
TOKEN = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"
ERROR_STATUSES = [code for code in grpc.StatusCode if code is not grpc.StatusCode.OK]


def _action_type(request: bytes) -> str:
    # Action { string type = 1; bytes body = 2; }: tag 0x0a, a one-byte length here.
    assert request[0] == 0x0A and request[1] < 0x80
    return request[2:2 + request[1]].decode()


def _do_action(request: bytes, context: grpc.ServicerContext) -> Iterator[bytes]:
    name = _action_type(request)
    context.abort(grpc.StatusCode[name], f"the server says {name} (key {TOKEN})")
    yield b""  # never reached: abort raises


class _StatusService(grpc.GenericRpcHandler):
    def service(self, handler_call_details):  # type: ignore[no-untyped-def]
        if handler_call_details.method == DO_ACTION:
            return grpc.unary_stream_rpc_method_handler(_do_action)
        return None


@pytest.fixture(scope="module")
def connection() -> Iterator[mf.FlightConnection]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    server.add_generic_rpc_handlers((_StatusService(),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    conn = mf.FlightConnection("127.0.0.1", port, security=PlainChannel(),
                               credentials=AnonymousCredentials(), compression=NoCompression(),
                               call_timeout_s=10, retry=NO_RETRY)
    yield conn
    conn.close()
    server.stop(grace=None)


def test_the_domain_mirrors_every_grpc_status_by_name():
    assert [s.name for s in StatusCode] == [c.name for c in grpc.StatusCode]
    assert all(s.value == s.name and str(s) == s.name for s in StatusCode)
    for code in grpc.StatusCode:
        assert domain_status(code) is StatusCode[code.name]


def test_the_translator_has_a_class_for_every_error_status():
    assert set(BY_STATUS) == set(ERROR_STATUSES)


@pytest.mark.parametrize("code", ERROR_STATUSES, ids=lambda c: c.name)
def test_every_status_from_the_wire_is_kept_on_the_error(connection, code):
    with pytest.raises(E.MosaicoError) as caught:
        connection.action(code.name, {})
    error = caught.value
    assert error.status_code is StatusCode[code.name]
    assert error.status_code == code.name  # a str enum: plain names compare equal
    assert isinstance(error.__cause__, pa.ArrowException)
    assert wire_status(error.__cause__) is code
    assert f"the server says {code.name}" in error.server_message


@pytest.mark.parametrize("code", ERROR_STATUSES, ids=lambda c: c.name)
def test_the_status_survives_pickling_and_shows_in_repr_without_the_token(connection, code):
    with pytest.raises(E.MosaicoError) as caught:
        connection.action(code.name, {})
    error = caught.value
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        data = pickle.dumps(error, protocol=protocol)
        assert TOKEN.encode() not in data
        clone = pickle.loads(data)
        assert type(clone) is type(error) and clone.status_code is error.status_code
        assert (clone.message, clone.server_message) == (error.message, error.server_message)
    shown = repr(error)
    assert f"status_code='{code.name}'" in shown and TOKEN not in shown
    assert TOKEN not in str(error) and "msco_<redacted>" in error.server_message


@pytest.mark.parametrize("exc", [OSError("socket closed"), pa.ArrowTypeError("bad column")],
                         ids=["broken-transport", "undecodable"])
def test_a_failure_without_a_wire_status_has_none(exc):
    assert translate(exc, "DoGet").status_code is None


def test_errors_raised_locally_have_none_and_keep_the_old_repr():
    error = E.NotFoundError("sequence 'x' not found", action="describe")
    assert error.status_code is None and repr(error) == "NotFoundError(\"sequence 'x' not found\")"
    assert pickle.loads(pickle.dumps(error)).status_code is None


def test_the_status_accepts_its_name_and_refuses_anything_else():
    named = E.ConflictError("locked", status_code="ABORTED")  # type: ignore[arg-type]
    assert named.status_code is StatusCode.ABORTED
    with pytest.raises(ValueError):
        E.ConflictError("locked", status_code="NOT_A_STATUS")  # type: ignore[arg-type]


@pytest.mark.parametrize("cls", [E.ModelValidationError, E.WriteFailedError, E.TLSError])
def test_subclasses_with_own_fields_keep_the_status_when_pickled(cls):
    error = cls("m", status_code=StatusCode.UNAVAILABLE)
    assert pickle.loads(pickle.dumps(error)).status_code is StatusCode.UNAVAILABLE


def test_a_pyarrow_server_error_keeps_its_status_too():
    # Our mock is a pyarrow server: it can send only the statuses pyarrow's classes carry.
    error = translate(fl.FlightUnauthenticatedError("Missing API key."), "version")
    assert isinstance(error, E.AuthenticationError)
    assert error.status_code is StatusCode.UNAUTHENTICATED
