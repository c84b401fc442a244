"""The error translator's table, row by row (adapters/flight/error_rules.py).

Each case is an exception shaped exactly as pyarrow raises it: for mosaicod (a
Rust server) with pyarrow's ``"Flight returned ... error, with message: "`` prefix,
for our mock server (a pyarrow server) bare, with pyarrow's ``". Detail: ..."``
suffix. A last test checks that every row of the table is reached by some case,
so no row is dead or shadowed by an earlier one.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.flight as fl
import pytest
from grpc import StatusCode

from mosaicolabs.adapters.flight.error_rules import RULES
from mosaicolabs.adapters.flight.errors import (
    clean_server_message,
    translate,
    translating,
    wire_status,
)
from mosaicolabs.domain import errors as E


def rust(status: str, text: str) -> BaseException:
    """What pyarrow raises for mosaicod answering ``status`` with ``text``."""
    shapes = {
        "INTERNAL": (fl.FlightInternalError, "Flight returned internal error"),
        "PERMISSION_DENIED": (fl.FlightUnauthorizedError, "Flight returned unauthorized error"),
        "UNAUTHENTICATED": (fl.FlightUnauthenticatedError,
                            "Flight returned unauthenticated error"),
        "INVALID_ARGUMENT": (pa.ArrowInvalid, "Flight returned invalid argument error"),
        "FAILED_PRECONDITION": (pa.ArrowInvalid, "gRPC returned precondition failed error"),
        "NOT_FOUND": (pa.ArrowKeyError, "Flight returned not found error"),
        "ALREADY_EXISTS": (pa.ArrowException, "Unknown: Flight returned already exists error"),
        "UNKNOWN": (fl.FlightServerError, "Flight RPC failed"),
        "UNIMPLEMENTED": (pa.ArrowNotImplementedError, "Flight returned unimplemented error"),
    }
    cls, prefix = shapes[status]
    return cls(f"{prefix}, with message: {text}")


def mock(cls: type[BaseException], text: str, detail: str = "Internal") -> BaseException:
    """What pyarrow raises for our mock (a pyarrow server) answering ``text``."""
    return cls(f"{text}. Detail: {detail}")


# (operation, exception, expected class)
CASES = [
    # authentication and permission
    ("ListFlights", rust("PERMISSION_DENIED", "missing api key token in request"),
     E.AuthenticationError),
    ("connect", mock(fl.FlightUnauthorizedError,
                     "missing api key token in request :: Missing API key in request header.",
                     "Unauthorized"), E.AuthenticationError),
    ("connect", rust("PERMISSION_DENIED", "unauthorized"), E.APIKeyRejectedError),
    ("topic_delete", rust("PERMISSION_DENIED", "topic is locked"), E.ConflictError),
    ("version", rust("PERMISSION_DENIED", "unauthorized"), E.PermissionDeniedError),
    ("sequence_create", mock(fl.FlightUnauthorizedError, "unauthorized :: provided API key "
                             "does not have WRITE permissions", "Unauthorized"),
     E.PermissionDeniedError),
    ("connect", rust("PERMISSION_DENIED", "Key revoked."), E.APIKeyRejectedError),
    ("version", rust("UNAUTHENTICATED", "Missing API key in request header."),
     E.AuthenticationError),
    # not found
    ("get_flight_info", rust("INTERNAL", "database error"), E.NotFoundError),
    ("get_flight_info", mock(fl.FlightInternalError, "database error :: 'x' not found"),
     E.NotFoundError),
    ("get_flight_info", rust("INTERNAL", "Internal error: database failure."), E.NotFoundError),
    # requests that do not decode
    ("no_such_action", rust("INTERNAL", "action error"), E.InvalidRequestError),
    ("query", rust("INTERNAL", "marshal error"), E.InvalidRequestError),
    ("topic_notification_create", rust("INTERNAL", "io error"), E.InvalidRequestError),
    ("api_key_create", rust("INTERNAL", "api key error"), E.InvalidRequestError),
    ("DoPut", rust("INVALID_ARGUMENT", "bad key"), E.InvalidRequestError),
    ("DoPut", rust("NOT_FOUND", "no data received"), E.InvalidRequestError),
    # facade error, per action
    ("session_create", rust("INTERNAL", "facade error"), E.NotFoundError),
    ("session_delete", rust("INTERNAL", "facade error"), E.NotFoundError),
    ("topic_delete", rust("INTERNAL", "facade error"), E.NotFoundError),
    ("sequence_notification_create", rust("INTERNAL", "facade error"), E.NotFoundError),
    ("topic_notification_create", rust("INTERNAL", "facade error"), E.NotFoundError),
    ("topic_notification_list", rust("INTERNAL", "facade error"), E.NotFoundError),
    ("topic_notification_purge", rust("INTERNAL", "facade error"), E.NotFoundError),
    ("api_key_status", rust("INTERNAL", "facade error"), E.NotFoundError),
    ("api_key_revoke", rust("INTERNAL", "facade error"), E.NotFoundError),
    ("session_finalize", rust("INTERNAL", "facade error"), E.ServerError),
    ("topic_create", rust("INTERNAL", "facade error"), E.ServerError),
    ("DoPut", rust("INTERNAL", "facade error"), E.ServerError),
    ("DoGet", rust("INTERNAL", "facade error"), E.ServerError),
    ("query", rust("INTERNAL", "facade error"), E.ServerError),
    ("layer_create", rust("INTERNAL", "facade error"), E.AlreadyExistsError),
    ("layer_delete", rust("INTERNAL", "facade error"), E.NotFoundError),
    ("layer_update", rust("INTERNAL", "facade error"), E.ServerError),  # FlightLayers asks
    # the mock's detail names the cause where mosaicod cannot
    ("session_finalize", mock(fl.FlightInternalError, "facade error :: Session `u` is empty."),
     E.ConflictError),
    ("topic_create", mock(fl.FlightInternalError,
                          "facade error :: topic 'seq/imu' already exists"), E.AlreadyExistsError),
    ("topic_create", mock(fl.FlightInternalError, "facade error :: session 'u' not found"),
     E.NotFoundError),
    ("topic_create", mock(fl.FlightInternalError, "facade error :: Unauthorized: topic seq/t is "
                          "not in the session's sequence 'other'"), E.PermissionDeniedError),
    ("DoPut", mock(fl.FlightInternalError, "facade error :: Topic `seq/imu` is locked."),
     E.ConflictError),
    ("query", mock(fl.FlightInternalError, "facade error :: something odd"), E.ServerError),
    ("layer_update", mock(fl.FlightInternalError, "facade error :: layer 'x' not found"),
     E.NotFoundError),
    ("layer_update", mock(fl.FlightInternalError, "facade error :: layer 'y' already exists"),
     E.AlreadyExistsError),
    # already exists
    ("sequence_create", rust("ALREADY_EXISTS", "sequence `s` already exists"),
     E.AlreadyExistsError),
    ("sequence_create", mock(fl.FlightServerError, "sequence `s` already exists", "Failed"),
     E.AlreadyExistsError),
    # protocol.md / 0.4.0 wording
    ("topic_create", rust("FAILED_PRECONDITION", "Session `u` is locked."), E.ConflictError),
    ("topic_delete", rust("INVALID_ARGUMENT", "Topic `seq/imu` is locked."), E.ConflictError),
    # no row: the status decides
    ("sequence_delete", rust("NOT_FOUND", "Not found."), E.NotFoundError),
    ("session_finalize", rust("FAILED_PRECONDITION", "session empty"), E.ConflictError),
    ("DoPut", rust("INVALID_ARGUMENT", "sanitization error"), E.InvalidRequestError),
    ("DoPut", rust("INTERNAL", "rw error"), E.ServerError),
    ("sequence_create", mock(fl.FlightServerError, "kaput", "Failed"), E.ServerError),
    # a transport option the server refuses (mosaicod 0.3.0 and gzip)
    ("version", rust("UNIMPLEMENTED", "Content is compressed with `gzip` which isn't supported"),
     E.CompressionRefusedError),
]


@pytest.mark.parametrize(("operation", "exc", "expected"), CASES,
                         ids=[f"{c[0]}-{clean_server_message(c[1])[:40]}" for c in CASES])
def test_each_answer_gets_its_class(operation, exc, expected):
    err = translate(exc, operation, "res")
    assert type(err) is expected
    assert err.server_message == clean_server_message(exc)
    assert (err.action, err.resource) == (operation, "res")
    assert "Detail:" not in err.message and "Flight returned" not in err.message


def test_every_row_of_the_table_is_reached():
    reached = set()
    for operation, exc, _ in CASES:
        op = {"get_flight_info": "GetFlightInfo"}.get(operation, operation)
        head = clean_server_message(exc).partition(" :: ")[0]
        status = wire_status(exc)
        first = next((rule for rule in RULES if rule.matches(op, status, head)), None)
        if first is not None:
            reached.add(first)
    assert [rule for rule in RULES if rule not in reached] == []


def test_every_row_says_why():
    assert all(rule.why for rule in RULES)


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (rust("INTERNAL", "x"), StatusCode.INTERNAL),
        (rust("ALREADY_EXISTS", "x"), StatusCode.ALREADY_EXISTS),
        (rust("FAILED_PRECONDITION", "x"), StatusCode.FAILED_PRECONDITION),
        (rust("UNKNOWN", "x"), StatusCode.UNKNOWN),
        (pa.ArrowInvalid("gRPC returned out-of-range error, with message: x"),
         StatusCode.OUT_OF_RANGE),
        (fl.FlightTimedOutError("Flight returned timeout error, with message: x"),
         StatusCode.DEADLINE_EXCEEDED),
        (fl.FlightCancelledError("Flight cancelled call, with message: x"), StatusCode.CANCELLED),
        (mock(pa.ArrowKeyError, "no data received", "Python exception"), StatusCode.NOT_FOUND),
        (mock(fl.FlightInternalError, "facade error"), StatusCode.INTERNAL),
        (pa.ArrowException("some local failure"), None),
        (OSError("socket closed"), None),
    ],
)
def test_wire_status_is_recovered(exc, status):
    assert wire_status(exc) is status


def test_tokens_never_reach_the_message():
    token = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"
    err = translate(mock(fl.FlightUnauthorizedError, "unauthorized :: unknown or revoked API "
                         "key", "Unauthorized"), "connect", "grpc://127.0.0.1:1")
    assert token not in str(err) and isinstance(err, E.ConnectionRejectedError)
    assert isinstance(err, E.AuthenticationError) and isinstance(err, ConnectionError)


def test_translating_chains_the_original():
    original = rust("INTERNAL", "database error")
    with pytest.raises(E.NotFoundError) as caught, translating("get_flight_info", "seq"):
        raise original
    assert caught.value.__cause__ is original
    assert caught.value.server_message == "database error"


def test_a_refused_compression_says_what_to_do():
    from mosaicolabs.domain.errors import CompressionRefusedError, InvalidRequestError

    refused = rust("UNIMPLEMENTED", "Content is compressed with `gzip` which isn't supported")
    error = translate(refused, "version")
    assert isinstance(error, CompressionRefusedError) and isinstance(error, InvalidRequestError)
    assert "does not accept gzip" in str(error) and "ipc_compression=" in str(error)
    assert error.server_message.startswith("Content is compressed with `gzip`")
