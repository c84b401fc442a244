"""The single place where Flight/gRPC/Arrow failures become :class:`MosaicoError`.

Three steps, nothing else in the library looks at a server's error text:

1. :func:`wire_status` recovers the gRPC status and the server's own words from
   what pyarrow raised. pyarrow reports a status as an exception class and, for
   servers not written with pyarrow (mosaicod), a prefix such as ``"Flight returned
   not found error, with message: "``; several statuses share a class, so the
   prefix decides where there is one.
2. The first row of :data:`.error_rules.RULES` matching the operation (Flight
   method or action name), the status and the leading text gives the error class;
   a row marked ``refine`` may be made more specific by the detail our mock server
   appends after ``" :: "``. With no row matching, the status decides.
3. :func:`translate` builds the error, keeping the server's words in
   ``server_message`` and the status in ``status_code`` (the domain's
   :class:`~mosaicolabs.domain.status_codes.StatusCode` of the same name, see
   :func:`domain_status`); :func:`translating` chains it to the original.
"""

from __future__ import annotations

import ast
import re
from contextlib import contextmanager
from typing import Generator

import pyarrow as pa
import pyarrow.flight as flight
from grpc import StatusCode

from mosaicolabs.domain import errors as e
from mosaicolabs.domain.status_codes import StatusCode as DomainStatus
from mosaicolabs.domain.vocabulary import FlightMethod

from .error_rules import BY_STATUS, DETAIL_RULES, RULES, Rule

__all__ = ["classify", "clean_server_message", "domain_status", "translate", "translating",
           "wire_status"]

DETAIL_SEPARATOR = " :: "

# pyarrow appends a Python traceback ("Detail: ...") or, on some calls (DoPut), gRPC's
# debug context; neither is the server's message.
_DETAIL_RE = re.compile(r"\.?\s*(?:Detail: |gRPC client debug context: ).*\Z", re.S)
_PYARROW_PREFIX_RE = re.compile(
    r"^(?:[A-Za-z ]+: )?(?:(?:Flight|gRPC) returned (?P<what>[a-z -]+) error"
    r"|Flight (?P<cancelled>cancelled) call|Flight RPC (?P<failed>failed)), with message: ",
    re.S,
)
_PREFIX_STATUS = {
    "not found": StatusCode.NOT_FOUND,
    "already exists": StatusCode.ALREADY_EXISTS,
    "invalid argument": StatusCode.INVALID_ARGUMENT,
    "precondition failed": StatusCode.FAILED_PRECONDITION,
    "out-of-range": StatusCode.OUT_OF_RANGE,
    "resource exhausted": StatusCode.RESOURCE_EXHAUSTED,
    "unauthorized": StatusCode.PERMISSION_DENIED,
    "unauthenticated": StatusCode.UNAUTHENTICATED,
    "unimplemented": StatusCode.UNIMPLEMENTED,
    "internal": StatusCode.INTERNAL,
    "aborted": StatusCode.ABORTED,
    "data loss": StatusCode.DATA_LOSS,
    "unavailable": StatusCode.UNAVAILABLE,
    "timeout": StatusCode.DEADLINE_EXCEEDED,
}
# Without a prefix (a pyarrow server sends its status in trailers) the class tells.
_CLASS_STATUS: tuple[tuple[type[BaseException], StatusCode], ...] = (
    (flight.FlightUnauthenticatedError, StatusCode.UNAUTHENTICATED),
    (flight.FlightUnauthorizedError, StatusCode.PERMISSION_DENIED),
    (flight.FlightUnavailableError, StatusCode.UNAVAILABLE),
    (flight.FlightTimedOutError, StatusCode.DEADLINE_EXCEEDED),
    (flight.FlightCancelledError, StatusCode.CANCELLED),
    (flight.FlightInternalError, StatusCode.INTERNAL),
    (flight.FlightServerError, StatusCode.UNKNOWN),
    (pa.ArrowKeyError, StatusCode.NOT_FOUND),
    (pa.ArrowNotImplementedError, StatusCode.UNIMPLEMENTED),
    (pa.ArrowInvalid, StatusCode.INVALID_ARGUMENT),
)
# Our call sites name some operations by what they do; the table uses Flight methods.
_OPERATIONS = {"get_flight_info": FlightMethod.GetFlightInfo.name,
               "list_sequences": FlightMethod.ListFlights.name}


def clean_server_message(exc: BaseException) -> str:
    """The server's own words: without pyarrow's prefix and Python traceback detail."""
    text = _DETAIL_RE.sub("", str(exc))
    text = _PYARROW_PREFIX_RE.sub("", text)
    if isinstance(exc, KeyError) and len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        try:  # KeyError shows its message as a Python literal
            text = str(ast.literal_eval(text))
        except (ValueError, SyntaxError):
            text = text[1:-1]
    return text.strip()


def wire_status(exc: BaseException) -> StatusCode | None:
    """The gRPC status behind a pyarrow exception; ``None`` if it did not come from a server."""
    match = _PYARROW_PREFIX_RE.match(_DETAIL_RE.sub("", str(exc)))
    if match is not None:
        if match.group("cancelled"):
            return StatusCode.CANCELLED
        if match.group("failed"):
            return StatusCode.UNKNOWN
        status = _PREFIX_STATUS.get(match.group("what"))
        if status is not None:
            return status
    for cls, status in _CLASS_STATUS:
        if isinstance(exc, cls):
            return status
    if isinstance(exc, flight.FlightError):
        return StatusCode.UNKNOWN
    return None


def domain_status(status: StatusCode) -> DomainStatus:
    """The domain's value for a gRPC status: the member of the same name.

    ``grpc.StatusCode.NOT_FOUND`` -> ``StatusCode.NOT_FOUND``, and so on for all
    seventeen (the domain mirrors gRPC's list name for name; a test checks both lists).
    """
    return DomainStatus[status.name]


def _rule(operation: str | None, status: StatusCode, head: str) -> Rule | None:
    op = _OPERATIONS.get(operation or "", operation or "")
    return next((rule for rule in RULES if rule.matches(op, status, head)), None)


def _decide(operation: str | None, status: StatusCode, message: str
            ) -> tuple[type[e.MosaicoError], str]:
    """The error class and the deciding row's hint ("" without one), in one pass."""
    head, _, detail = message.partition(DETAIL_SEPARATOR)
    rule = _rule(operation, status, head)
    if rule is None:
        return BY_STATUS.get(status, e.ServerError), ""
    if rule.refine and detail:
        refined = next((k for p, k in DETAIL_RULES if p.search(detail)), None)
        return refined or rule.error, rule.hint
    return rule.error, rule.hint


def classify(operation: str | None, status: StatusCode, message: str) -> type[e.MosaicoError]:
    """The error class for a server answer, by :data:`.error_rules.RULES`.

    Args:
        operation: The Flight method or action name the answer is for.
        status: The gRPC status.
        message: The server's message (cleaned), maybe with our mock's ``" :: "`` detail.
    """
    return _decide(operation, status, message)[0]


def _kind(exc: BaseException, status: StatusCode | None, operation: str | None, message: str
          ) -> tuple[type[e.MosaicoError], str]:
    """The error class and the hint of the rule that decided it ("" if none)."""
    if status is not None:
        return _decide(operation, status, message)
    if isinstance(exc, (OSError, pa.ArrowIOError)):
        return e.UnavailableError, ""  # the transport broke (reset, closed socket …)
    return e.ProtocolError, ""


def translate(
    exc: BaseException, action: str | None = None, resource: str | None = None
) -> e.MosaicoError:
    """Turn a transport exception into the matching :class:`MosaicoError`.

    Args:
        exc: What pyarrow raised.
        action: The operation being performed (``"sequence_create"``, ``"DoGet"`` …).
        resource: The sequence/topic/session/key concerned.

    Returns:
        The error, its ``status_code`` the answer's status (``None`` when ``exc`` carries
        none: a broken transport, an answer that does not decode).
    """
    if isinstance(exc, e.MosaicoError):
        return exc
    server_message = clean_server_message(exc)
    status = wire_status(exc)
    kind, hint = _kind(exc, status, action, server_message)
    where = " ".join(part for part in (action, repr(resource) if resource else None) if part)
    message = f"{where}: {server_message}" if where else server_message
    message = f"{message} ({hint})" if hint else message
    return kind(message, action=action, resource=resource, server_message=server_message,
                status_code=None if status is None else domain_status(status))


@contextmanager
def translating(action: str, resource: str | None = None) -> Generator[None, None, None]:
    """Run a block and re-raise any pyarrow/Flight failure as a :class:`MosaicoError`."""
    try:
        yield
    except e.MosaicoError:
        raise
    except (pa.ArrowException, OSError) as exc:
        raise translate(exc, action, resource) from exc
