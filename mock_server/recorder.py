"""The hook through which the server reports each call it receives, for recording tools.

The server records nothing itself. Given a :class:`CallRecorder` (the test tooling's
:class:`mosaicolabs.testkit.Transcript` is one), it tells it of every call of
:data:`RECORDED_METHODS`: the raw request parts when the call starts, and when the
call ends the kind of failure in our words (:func:`.errors.status_phrase`) or
:data:`OK`. A call the guard refuses before its body is read is reported as one that
started and ended there. Only header *names* are passed on, never their values.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Generator, Iterable, Protocol

import pyarrow.flight as flight

from .errors import status_phrase

__all__ = [
    "OK",
    "RECORDED_METHODS",
    "CallRecord",
    "CallRecorder",
    "call_header_names",
    "recording",
]

#: The Flight methods whose calls a recorder is told of.
RECORDED_METHODS = ("ListFlights", "GetFlightInfo", "DoAction", "DoPut", "DoGet")
#: Status of a call that succeeded (a failed one ends with its phrase, e.g. ``"not found"``).
OK = "ok"


class CallRecord(Protocol):
    """One call being recorded, as :meth:`CallRecorder.start` returns it."""

    @property
    def reader(self) -> Any:
        """The stream a DoPut handler reads through: the given reader or a wrapper of it
        (to count what arrives); ``None`` for a call without one."""
        ...

    def finish(self, status: str) -> None:
        """The call ended with ``status`` (:data:`OK` or the failure's phrase)."""
        ...


class CallRecorder(Protocol):
    """Told of every call the server receives (implemented by test tooling)."""

    def start(
        self,
        method: str,
        header_names: tuple[str, ...],
        *,
        action: str | None = None,
        body: bytes | None = None,
        descriptor: flight.FlightDescriptor | None = None,
        ticket: bytes | None = None,
        reader: flight.MetadataRecordBatchReader | None = None,
    ) -> CallRecord:
        """A call of ``method`` started, with these request header names and raw parts."""
        ...


def call_header_names(names: Iterable[str | bytes]) -> tuple[str, ...]:
    """Header names as a recorder is told them: decoded, lowercased, sorted, once each."""
    return tuple(sorted({(n.decode("latin-1") if isinstance(n, bytes) else n).lower()
                         for n in names}))


@contextmanager
def recording(
    recorder: CallRecorder, method: str, header_names: tuple[str, ...], **request: Any
) -> Generator[CallRecord, None, None]:
    """Report the call in the block to ``recorder``: started now, finished with its status.

    Put it *inside* the error mapping, so it sees the original failure. ``request``
    holds the raw parts :meth:`CallRecorder.start` takes.
    """
    call = recorder.start(method, header_names, **request)
    status = OK
    try:
        yield call
    except BaseException as exc:
        status = status_phrase(exc)
        raise
    finally:
        call.finish(status)
