"""The single place where Flight/gRPC/Arrow failures become :class:`MosaicoError`.

pyarrow reports gRPC statuses as exception classes (``FlightUnauthorizedError``,
``ArrowKeyError`` …). Some statuses have no class of their own and arrive as
``ArrowInvalid`` or a generic error; for those we read the status phrase in the
message (``already exists``, ``failed precondition``), which both the real
server (through pyarrow's own wording) and our mock server (by convention)
provide. The most specific match wins and the original is always chained.
"""

from __future__ import annotations

import ast
import re
from contextlib import contextmanager
from typing import Iterator

import pyarrow as pa
import pyarrow.flight as flight

from mosaicolabs.domain import errors as e

__all__ = ["clean_server_message", "translate", "translating"]

_DETAIL_RE = re.compile(r"\.?\s*Detail: .*\Z", re.S)
_FLIGHT_PREFIX_RE = re.compile(
    r"^(?:[A-Za-z ]+: )?(?:Flight|gRPC) returned [a-z ]+ error, with message: ", re.S
)
_PHRASES: tuple[tuple[str, type[e.MosaicoError]], ...] = (
    ("already exists", e.AlreadyExistsError),
    ("failed precondition", e.ConflictError),
    ("is locked", e.ConflictError),
)
_BY_CLASS: tuple[tuple[type[BaseException], type[e.MosaicoError]], ...] = (
    (flight.FlightUnauthenticatedError, e.AuthenticationError),
    (flight.FlightUnauthorizedError, e.PermissionDeniedError),
    (flight.FlightUnavailableError, e.UnavailableError),
    (flight.FlightTimedOutError, e.DeadlineExceededError),
    (flight.FlightCancelledError, e.MosaicoConnectionError),
    (flight.FlightInternalError, e.ServerError),
    (pa.ArrowKeyError, e.NotFoundError),
    (pa.ArrowNotImplementedError, e.InvalidRequestError),
    (pa.ArrowInvalid, e.InvalidRequestError),
)


def clean_server_message(exc: BaseException) -> str:
    """The server's own words: without pyarrow's prefix and Python traceback detail."""
    text = str(exc)
    text = _DETAIL_RE.sub("", text)
    text = _FLIGHT_PREFIX_RE.sub("", text)
    if isinstance(exc, KeyError) and len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        try:  # KeyError shows its message as a Python literal
            text = str(ast.literal_eval(text))
        except (ValueError, SyntaxError):
            text = text[1:-1]
    return text.strip()


def _classify(exc: BaseException, message: str) -> type[e.MosaicoError]:
    lowered = message.lower()
    by_class = next((kind for cls, kind in _BY_CLASS if isinstance(exc, cls)), None)
    if by_class in (None, e.InvalidRequestError, e.ServerError):
        # Classes that several statuses share: refine with the status phrase.
        for phrase, kind in _PHRASES:
            if phrase in lowered:
                return kind
    if by_class is not None:
        return by_class
    if isinstance(exc, flight.FlightError):
        return e.ServerError
    if isinstance(exc, (OSError, pa.ArrowIOError)):
        return e.UnavailableError  # the transport broke (reset, closed socket …)
    return e.ProtocolError


def translate(
    exc: BaseException, action: str | None = None, resource: str | None = None
) -> e.MosaicoError:
    """Turn a transport exception into the matching :class:`MosaicoError`.

    Args:
        exc: What pyarrow raised.
        action: The operation being performed (``"sequence_create"``, ``"DoGet"`` …).
        resource: The sequence/topic/session/key concerned.
    """
    if isinstance(exc, e.MosaicoError):
        return exc
    server_message = clean_server_message(exc)
    kind = _classify(exc, server_message)
    where = " ".join(part for part in (action, repr(resource) if resource else None) if part)
    message = f"{where}: {server_message}" if where else server_message
    return kind(message, action=action, resource=resource, server_message=server_message)


@contextmanager
def translating(action: str, resource: str | None = None) -> Iterator[None]:
    """Run a block and re-raise any pyarrow/Flight failure as a :class:`MosaicoError`."""
    try:
        yield
    except e.MosaicoError:
        raise
    except (pa.ArrowException, OSError) as exc:
        raise translate(exc, action, resource) from exc
