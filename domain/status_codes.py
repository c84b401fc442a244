"""The status a server answered with, as a domain value (the gRPC status names).

Every :class:`~mosaicolabs.domain.errors.MosaicoError` translated from a server's
answer keeps that answer's status in ``status_code``. The domain does not import
gRPC, so it names the statuses itself: :class:`StatusCode` has one member per
``grpc.StatusCode``, same name, and its value is that name (so ``status_code ==
"NOT_FOUND"`` holds too). The Flight adapter converts by name
(``StatusCode[grpc_code.name]``), and a test checks that both lists are the same.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["StatusCode"]


class StatusCode(str, Enum):
    """A gRPC status, by name. ``OK`` is listed for completeness: no error carries it."""

    OK = "OK"
    CANCELLED = "CANCELLED"
    UNKNOWN = "UNKNOWN"
    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED"
    NOT_FOUND = "NOT_FOUND"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    RESOURCE_EXHAUSTED = "RESOURCE_EXHAUSTED"
    FAILED_PRECONDITION = "FAILED_PRECONDITION"
    ABORTED = "ABORTED"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    UNIMPLEMENTED = "UNIMPLEMENTED"
    INTERNAL = "INTERNAL"
    UNAVAILABLE = "UNAVAILABLE"
    DATA_LOSS = "DATA_LOSS"
    UNAUTHENTICATED = "UNAUTHENTICATED"

    def __str__(self) -> str:  # the name, as gRPC prints it, not "StatusCode.NOT_FOUND"
        return self.value
