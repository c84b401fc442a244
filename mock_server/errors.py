"""The one place where failures become statuses a pyarrow Flight server can send.

A pyarrow server picks the gRPC status from the exception class it sees, and it
cannot emit every status the real server uses (ALREADY_EXISTS and
FAILED_PRECONDITION have no Python class). So the status the real server would
have sent is kept in the message instead: every message starts with that
status's lowercase phrase and ``": "``, e.g. ``"not found: sequence 'x' not
found"``. Clients recover the intended status from the prefix.

============================  ====================================  ==========================
Raised inside a handler       pyarrow exception (wire status)       message prefix
============================  ====================================  ==========================
AuthenticationError           FlightUnauthenticatedError            ``unauthenticated: ``
PermissionDeniedError         FlightUnauthorizedError               ``permission denied: ``
NotFoundError                 ArrowKeyError (NOT_FOUND)             ``not found: ``
AlreadyExistsError            ArrowInvalid (INVALID_ARGUMENT)       ``already exists: ``
ConflictError                 ArrowInvalid (INVALID_ARGUMENT)       ``failed precondition: ``
InvalidRequestError           ArrowInvalid (INVALID_ARGUMENT)       ``invalid argument: ``
NotImplementedError           NotImplementedError (UNIMPLEMENTED)   ``unimplemented: ``
anything else                 FlightInternalError (INTERNAL)        ``internal: ``
============================  ====================================  ==========================
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator

import pyarrow as pa
import pyarrow.flight as flight

from mosaicolabs.domain.errors import (
    AlreadyExistsError,
    AuthenticationError,
    ConflictError,
    InvalidRequestError,
    MosaicoError,
    NotFoundError,
    PermissionDeniedError,
)

__all__ = [
    "ALREADY_EXISTS",
    "FAILED_PRECONDITION",
    "INTERNAL",
    "INVALID_ARGUMENT",
    "NOT_FOUND",
    "PERMISSION_DENIED",
    "UNAUTHENTICATED",
    "UNIMPLEMENTED",
    "status_phrase",
    "to_wire_error",
    "wire_errors",
]

NOT_FOUND = "not found"
ALREADY_EXISTS = "already exists"
FAILED_PRECONDITION = "failed precondition"
INVALID_ARGUMENT = "invalid argument"
PERMISSION_DENIED = "permission denied"
UNAUTHENTICATED = "unauthenticated"
UNIMPLEMENTED = "unimplemented"
INTERNAL = "internal"

_log = logging.getLogger("mosaicolabs.mock_server")

# Most specific first: AuthenticationError is also a connection error, and the
# invalid-request family must not swallow anything listed before it.
_DOMAIN_MAP: tuple[tuple[type[MosaicoError], type[Exception], str], ...] = (
    (AuthenticationError, flight.FlightUnauthenticatedError, UNAUTHENTICATED),
    (PermissionDeniedError, flight.FlightUnauthorizedError, PERMISSION_DENIED),
    (NotFoundError, pa.ArrowKeyError, NOT_FOUND),
    (AlreadyExistsError, pa.ArrowInvalid, ALREADY_EXISTS),
    (ConflictError, pa.ArrowInvalid, FAILED_PRECONDITION),
    (InvalidRequestError, pa.ArrowInvalid, INVALID_ARGUMENT),
)


# Flight errors that pyarrow raises itself and that are passed through unchanged.
_FLIGHT_PHRASES: tuple[tuple[type[Exception], str], ...] = (
    (flight.FlightUnauthenticatedError, UNAUTHENTICATED),
    (flight.FlightUnauthorizedError, PERMISSION_DENIED),
    (flight.FlightCancelledError, "cancelled"),
    (flight.FlightUnavailableError, "unavailable"),
    (flight.FlightTimedOutError, "deadline exceeded"),
)


def status_phrase(exc: BaseException) -> str:
    """The status phrase the client gets for ``exc`` (the prefix :func:`to_wire_error` adds).

    Args:
        exc: What the engine or the handler raised (before mapping).

    Returns:
        ``"not found"``, ``"invalid argument"``... as in the table above.
    """
    for domain_type, _wire_type, phrase in _DOMAIN_MAP:
        if isinstance(exc, domain_type):
            return phrase
    for flight_type, phrase in _FLIGHT_PHRASES:
        if isinstance(exc, flight_type):
            return phrase
    if isinstance(exc, pa.ArrowInvalid):
        return INVALID_ARGUMENT
    if isinstance(exc, NotImplementedError):
        return UNIMPLEMENTED
    return INTERNAL


def _message(exc: BaseException) -> str:
    text = exc.message if isinstance(exc, MosaicoError) else str(exc)
    return text or type(exc).__name__


def to_wire_error(exc: BaseException, operation: str) -> BaseException:
    """Return the exception to raise in a handler in place of ``exc``.

    Args:
        exc: What the engine or the handler raised.
        operation: The Flight method or action name, used only for logging.

    Returns:
        An exception whose class gives the gRPC status and whose message starts
        with the real server's status phrase. Flight errors raised by pyarrow
        itself (a cancelled stream, for example) come back unchanged.
    """
    for domain_type, wire_type, phrase in _DOMAIN_MAP:
        if isinstance(exc, domain_type):
            return wire_type(f"{phrase}: {_message(exc)}")
    if isinstance(exc, flight.FlightError):
        return exc
    if isinstance(exc, pa.ArrowInvalid):
        # pyarrow reports malformed client data (a bad IPC message) this way.
        return pa.ArrowInvalid(f"{INVALID_ARGUMENT}: {_message(exc)}")
    if isinstance(exc, NotImplementedError):
        return NotImplementedError(f"{UNIMPLEMENTED}: {_message(exc)}")
    # Only the operation name and the exception are logged: no header, so no token.
    _log.error("unexpected failure in %s", operation, exc_info=exc)
    return flight.FlightInternalError(f"{INTERNAL}: {type(exc).__name__}: {_message(exc)}")


@contextmanager
def wire_errors(operation: str) -> Iterator[None]:
    """Run a handler body, re-raising any failure as :func:`to_wire_error` says.

    The original exception is not chained: pyarrow copies the traceback into the
    status detail, and a chain would repeat it for no benefit to the client.
    """
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - every failure must become a status
        mapped = to_wire_error(exc, operation)
        if mapped is exc:
            raise
        raise mapped from None
