"""The one place where failures become what mosaicod 0.3.0 answers on the wire.

mosaicod 0.3.0 answers most failures with a gRPC status and a short, generic text
naming the layer that failed (``facade error``, ``action error``...). The mock
answers the same status and the same leading text; after it, it may add
``" :: "`` and a clear detail, the separator mosaicod itself uses when it logs a
chained error. A client matching the leading text works on both servers.

Errors raised by the mock's own wire layer say their answer directly
(:class:`WireError`). Errors raised by the engine are mapped by the operation
(Flight method or action name) and the error class, first match wins (``_RULES``):

* BodyError (undecodable command or body): ``marshal error`` for GetFlightInfo,
  DoPut and DoGet, ``action error`` for actions (INTERNAL);
* GetFlightInfo, NotFoundError: INTERNAL ``database error``;
* sequence_create, AlreadyExistsError: ALREADY_EXISTS ``sequence `<name>` already exists``;
* topic_delete, ConflictError (locked): PERMISSION_DENIED ``topic is locked``;
* DoPut: TopicKeyMismatchError is INVALID_ARGUMENT ``bad key``, other
  InvalidRequestErrors INVALID_ARGUMENT ``sanitization error``;
* InvalidRequestError: INTERNAL ``marshal error`` for query, GetFlightInfo and DoGet,
  ``io error`` for ``*_notification_create`` (the type), ``api key error`` for
  api_key_create, ``facade error`` for api_key_status/revoke (a bad fingerprint);
* NotFound, AlreadyExists, Conflict, PermissionDenied anywhere else: INTERNAL ``facade error``;
* other InvalidRequestErrors (action values): INTERNAL ``action error``;
* undecodable client data: INTERNAL ``error during data streaming``;
* anything unexpected: INTERNAL ``internal error`` (and it is logged).

One deliberate difference: a pyarrow server cannot send ALREADY_EXISTS (no Python
exception maps to it), so that answer goes out as UNKNOWN with the same text
(``tests/fidelity/fidelity.json`` lists it).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generator

import pyarrow as pa
import pyarrow.flight as flight

from mosaicolabs.adapters.memory.persistence_files import DamagedDataError
from mosaicolabs.adapters.memory.uploads import TopicKeyMismatchError
from mosaicolabs.domain.errors import (
    AlreadyExistsError,
    AuthenticationError,
    ConflictError,
    InvalidRequestError,
    MosaicoError,
    NotFoundError,
    PermissionDeniedError,
)
from mosaicolabs.domain.vocabulary import Action, FlightMethod, names_of

__all__ = [
    "ACTION_ERROR",
    "BAD_KEY",
    "BUSY",
    "DETAIL_SEPARATOR",
    "FACADE_ERROR",
    "FRAMES",
    "MALFORMED_UUID",
    "MARSHAL_ERROR",
    "MISSING_HEADER",
    "MISSING_KEY",
    "NO_DATA",
    "SANITIZATION_ERROR",
    "STREAM_ERROR",
    "UNAUTHORIZED",
    "UNSUPPORTED_DESCRIPTOR",
    "Answer",
    "BodyError",
    "WireError",
    "answer_for",
    "status_phrase",
    "to_wire_error",
    "wire_errors",
    "wire_message",
]

_log = logging.getLogger("mosaicolabs.mock_server")

#: Separator between mosaicod's own text and the mock's detail (mosaicod logs chains so).
DETAIL_SEPARATOR = " :: "


@dataclass(frozen=True)
class Answer:
    """What mosaicod 0.3.0 answers: a gRPC status name and the leading text of the message.

    ``phrase`` is the kind of failure in our own words (``"not found"``...), recorded
    in transcripts; it is not sent.
    """

    status: str
    text: str
    phrase: str


DATABASE_ERROR = Answer("INTERNAL", "database error", "not found")
FACADE_ERROR = Answer("INTERNAL", "facade error", "failed precondition")
ACTION_ERROR = Answer("INTERNAL", "action error", "invalid argument")
MARSHAL_ERROR = Answer("INTERNAL", "marshal error", "invalid argument")
IO_ERROR = Answer("INTERNAL", "io error", "invalid argument")
API_KEY_ERROR = Answer("INTERNAL", "api key error", "invalid argument")
INTERNAL_ERROR = Answer("INTERNAL", "internal error", "internal")
STREAM_ERROR = Answer("INTERNAL", "error during data streaming", "invalid argument")
UNIMPLEMENTED = Answer("UNIMPLEMENTED", "unimplemented", "unimplemented")
MALFORMED_UUID = Answer("INVALID_ARGUMENT", "malformed uuid", "invalid argument")
BAD_KEY = Answer("INVALID_ARGUMENT", "bad key", "invalid argument")
UNSUPPORTED_DESCRIPTOR = Answer("INVALID_ARGUMENT", "unsupported descriptor type",
                                "invalid argument")
SANITIZATION_ERROR = Answer("INVALID_ARGUMENT", "sanitization error", "invalid argument")
NO_DATA = Answer("NOT_FOUND", "no data received", "invalid argument")
TOPIC_LOCKED = Answer("PERMISSION_DENIED", "topic is locked", "failed precondition")
MISSING_KEY = Answer("PERMISSION_DENIED", "missing api key token in request", "unauthenticated")
UNAUTHORIZED = Answer("PERMISSION_DENIED", "unauthorized", "permission denied")
MISSING_HEADER = Answer("INVALID_ARGUMENT", "missing header message", "invalid argument")
BUSY = Answer("UNAVAILABLE", "too many concurrent uploads", "unavailable")
SEQUENCE_EXISTS = Answer("ALREADY_EXISTS", "sequence `{resource}` already exists",
                         "already exists")


class WireError(MosaicoError):
    """A failure whose mosaicod answer the raiser knows; ``detail`` follows ``" :: "``."""

    def __init__(self, answer: Answer, detail: str = "") -> None:
        super().__init__(answer.text if not detail else f"{answer.text}: {detail}")
        self.answer = answer
        self.detail = detail

    # The base rebuilds by message; a WireError is rebuilt from its answer and detail.
    def __reduce__(self) -> tuple[type[WireError], tuple[Answer, str]]:
        return (WireError, (self.answer, self.detail))


class BodyError(InvalidRequestError):
    """A request body, command or ticket that does not decode (mosaicod: action/marshal error)."""


_NOTIFY = names_of(Action.sequence_notification_create, Action.topic_notification_create)
_FACADE = (NotFoundError, AlreadyExistsError, ConflictError, PermissionDeniedError)
_GET_INFO = FlightMethod.GetFlightInfo

# (operations, engine error class, answer); None = any operation. First match wins.
_RULES: tuple[tuple[frozenset[str] | None, type[Exception] | tuple[type[Exception], ...],
                    Answer], ...] = (
    (names_of(_GET_INFO, FlightMethod.DoPut, FlightMethod.DoGet), BodyError, MARSHAL_ERROR),
    (None, BodyError, ACTION_ERROR),
    (names_of(_GET_INFO), NotFoundError, DATABASE_ERROR),
    (names_of(Action.sequence_create), AlreadyExistsError, SEQUENCE_EXISTS),
    (names_of(Action.topic_delete), ConflictError, TOPIC_LOCKED),
    (names_of(FlightMethod.DoPut), TopicKeyMismatchError, BAD_KEY),
    (names_of(FlightMethod.DoPut), InvalidRequestError, SANITIZATION_ERROR),
    (names_of(Action.query, _GET_INFO, FlightMethod.DoGet), InvalidRequestError, MARSHAL_ERROR),
    (_NOTIFY, InvalidRequestError, IO_ERROR),
    (names_of(Action.api_key_create), InvalidRequestError, API_KEY_ERROR),
    (names_of(Action.api_key_status, Action.api_key_revoke), InvalidRequestError, FACADE_ERROR),
    (None, _FACADE, FACADE_ERROR),
    (None, InvalidRequestError, ACTION_ERROR),
    (None, DamagedDataError, IO_ERROR),  # a data file failed its checksum: named, not logged
    (None, pa.ArrowInvalid, STREAM_ERROR),  # pyarrow could not decode what the client sent
    (None, NotImplementedError, UNIMPLEMENTED),
)


def answer_for(exc: BaseException, operation: str) -> Answer | None:
    """The mosaicod answer for ``exc`` raised during ``operation``; ``None`` if unmapped."""
    if isinstance(exc, WireError):
        return exc.answer
    if isinstance(exc, AuthenticationError):  # only the key check raises it
        return MISSING_KEY
    for operations, kind, answer in _RULES:
        if (operations is None or operation in operations) and isinstance(exc, kind):
            return answer
    return None


# The kind of failure, in our words, for transcripts: most specific class first.
_PHRASES: tuple[tuple[type[BaseException], str], ...] = (
    (AuthenticationError, "unauthenticated"),
    (PermissionDeniedError, "permission denied"),
    (NotFoundError, "not found"),
    (AlreadyExistsError, "already exists"),
    (ConflictError, "failed precondition"),
    (InvalidRequestError, "invalid argument"),
    (flight.FlightUnauthenticatedError, "unauthenticated"),
    (flight.FlightUnauthorizedError, "permission denied"),
    (flight.FlightCancelledError, "cancelled"),
    (flight.FlightUnavailableError, "unavailable"),
    (flight.FlightTimedOutError, "deadline exceeded"),
    (pa.ArrowInvalid, "invalid argument"),
    (NotImplementedError, "unimplemented"),
)


def status_phrase(exc: BaseException) -> str:
    """The kind of failure ``exc`` is, in our words (``"not found"``...), for transcripts.

    It classifies the failure (a missing key is ``"unauthenticated"``) rather than
    naming the status sent, which for mosaicod is mostly INTERNAL.
    """
    if isinstance(exc, WireError):
        return exc.answer.phrase
    return next((phrase for kind, phrase in _PHRASES if isinstance(exc, kind)), "internal")


class _NotFoundStatus(KeyError):
    """A KeyError that pyarrow sends as NOT_FOUND without quoting the message."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


# Flight errors pyarrow raised itself, passed on as they are. Declared as an exception
# class because pyarrow has no type information: ``isinstance`` against the bare
# ``flight.FlightError`` would leave type checkers with an exception of type Any.
_PYARROW_ERROR: type[BaseException] = flight.FlightError

# Status name -> exception class pyarrow turns into that status.
_CARRIERS: dict[str, type[Exception]] = {
    "INTERNAL": flight.FlightInternalError,
    "PERMISSION_DENIED": flight.FlightUnauthorizedError,
    "INVALID_ARGUMENT": pa.ArrowInvalid,
    "NOT_FOUND": _NotFoundStatus,
    "ALREADY_EXISTS": flight.FlightServerError,  # sent as UNKNOWN: see the module docstring
    "UNIMPLEMENTED": NotImplementedError,
    "UNAVAILABLE": flight.FlightUnavailableError,
}


# How a pyarrow client shows a status that comes, as mosaicod's do, without Arrow's own
# status detail: "Flight returned internal error, with message: facade error". A pyarrow
# server always attaches that detail, and the client then shows our message as is; so the
# mock writes the framing itself, and code that matches the real server's wording
# ("unauthorized error", "internal error") matches the mock's too.
FRAMES: dict[str, str] = {
    "INTERNAL": "Flight returned internal error, with message: ",
    "PERMISSION_DENIED": "Flight returned unauthorized error, with message: ",
    "INVALID_ARGUMENT": "Flight returned invalid argument error, with message: ",
    "NOT_FOUND": "Flight returned not found error, with message: ",
    "ALREADY_EXISTS": "Unknown: Flight returned already exists error, with message: ",
    "UNIMPLEMENTED": "Flight returned unimplemented error, with message: ",
    "UNAVAILABLE": "Flight returned unavailable error, with message: ",
}


def _detail(exc: BaseException) -> str:
    if isinstance(exc, WireError):
        return exc.detail
    return exc.message if isinstance(exc, MosaicoError) else str(exc)


def wire_message(answer: Answer, exc: BaseException) -> str:
    """``<mosaicod text> :: <detail>`` (just the text when there is no detail to add)."""
    resource = exc.resource if isinstance(exc, MosaicoError) else None
    text = answer.text.replace("{resource}", resource or "")
    detail = _detail(exc)
    if not detail or detail == text or answer is SEQUENCE_EXISTS:
        return text  # the real text already says it all
    return f"{text}{DETAIL_SEPARATOR}{detail}"


def to_wire_error(exc: BaseException, operation: str) -> BaseException:
    """Return the exception to raise in a handler in place of ``exc``.

    Args:
        exc: What the engine or the handler raised.
        operation: The Flight method (``"DoPut"``) or the action name.

    Returns:
        An exception whose class gives mosaicod's status and whose message starts
        with mosaicod's text. Flight errors raised by pyarrow itself come back unchanged.
    """
    answer = answer_for(exc, operation)
    if answer is None:
        if isinstance(exc, _PYARROW_ERROR):
            return exc
        # Only the operation name and the exception are logged: no header, so no token.
        _log.error("unexpected failure in %s", operation, exc_info=exc)
        answer = INTERNAL_ERROR
    return _CARRIERS[answer.status](FRAMES[answer.status] + wire_message(answer, exc))


@contextmanager
def wire_errors(operation: str) -> Generator[None, None, None]:
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
