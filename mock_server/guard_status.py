"""What the guard passes on between a client and the pyarrow backend: headers and statuses.

A pyarrow server reports a failure in two places: the gRPC status message, to which
pyarrow appends ``". Detail: "`` and the Python traceback of the handler (file paths,
source lines), and Arrow's own trailers (``x-arrow-status``, ``-message-bin``,
``-detail-bin``), from which a pyarrow client rebuilds the error verbatim. mosaicod
sends neither: a plain gRPC status with a short text, which a pyarrow client shows as
``Flight returned <kind> error, with message: <text>``.

The mock writes that framing into its messages itself (``errors.FRAMES``) so that an
unguarded pyarrow server already reads like mosaicod. Behind the guard,
:func:`clean_status` undoes it: it keeps Arrow's message without the detail, strips
the frame (the client adds it back), drops Arrow's trailers and sends a plain status.
A client then sees exactly what it sees from mosaicod, and never a traceback.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, NamedTuple

import grpc

from .errors import FRAMES

__all__ = ["CleanStatus", "clean_status", "forwarded_metadata", "kept_trailers"]

# Set by pyarrow servers for pyarrow clients; they carry the traceback and the framed
# message, so they never leave the guard (grpc-status-details-bin: a google.rpc.Status
# that may repeat the message).
_ARROW_TRAILERS = frozenset({
    "x-arrow-status", "x-arrow-status-message-bin", "x-arrow-status-detail-bin",
    "grpc-status-details-bin",
})
_ARROW_MESSAGE = "x-arrow-status-message-bin"
# Headers that belong to one HTTP/2 hop (gRPC sets them again on the next one); passing
# them on would be refused by gRPC or would misdescribe the next hop.
_HOP_HEADERS = frozenset({"user-agent", "te", "content-type", "host", "authority"})
# pyarrow's own addition to a status message: ". Detail: Python exception: Traceback...".
_DETAIL = re.compile(r"\. Detail: .*\Z", re.S)
_TRACEBACK = "Traceback (most recent call last)"


class CleanStatus(NamedTuple):
    """A status as the guard sends it: code, mosaicod-style text, trailers to keep."""

    code: grpc.StatusCode
    details: str
    trailers: tuple[tuple[str, Any], ...]


def forwarded_metadata(
    metadata: Iterable[tuple[str, Any]] | None, drop: frozenset[str] = frozenset()
) -> tuple[tuple[str, Any], ...]:
    """The end-to-end entries of ``metadata``: no pseudo, ``grpc-`` or hop headers, no ``drop``."""
    kept = []
    for key, value in metadata or ():
        name = key.lower()
        if name.startswith((":", "grpc-")) or name in _HOP_HEADERS or name in drop:
            continue
        kept.append((name, value))
    return tuple(kept)


def kept_trailers(metadata: Iterable[tuple[str, Any]] | None) -> tuple[tuple[str, Any], ...]:
    """The backend's trailers the client may see: end-to-end ones, none of Arrow's."""
    return forwarded_metadata(metadata, _ARROW_TRAILERS)


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _unframed(code: grpc.StatusCode, message: str) -> tuple[grpc.StatusCode, str]:
    """``message`` without the mock's own ``Flight returned ...`` frame, and its real code.

    The frame names the status the mock meant. That is the status sent, except for
    ALREADY_EXISTS, which pyarrow can only send as UNKNOWN: the guard, speaking plain
    gRPC, restores it (as mosaicod sends it).
    """
    for status, frame in FRAMES.items():
        if message.startswith(frame):
            meant = grpc.StatusCode[status]
            if meant == code or code == grpc.StatusCode.UNKNOWN:
                return meant, message[len(frame):]
    return code, message


def clean_status(error: grpc.RpcError) -> CleanStatus:
    """The status to send to the client in place of the backend's failed ``error``.

    Args:
        error: A failed call to the backend (grpcio's errors are also ``grpc.Call``).

    Returns:
        The same status code (ALREADY_EXISTS restored), the message without frame,
        traceback or detail, and the backend's trailers minus Arrow's.
    """
    call: Any = error
    code = call.code() or grpc.StatusCode.UNKNOWN
    received: tuple[tuple[str, str | bytes], ...] | None = call.trailing_metadata()
    trailers = tuple(received or ())
    arrow_message = next((v for k, v in trailers if k == _ARROW_MESSAGE), None)
    # Arrow's trailer holds the message before pyarrow appended the detail; a status
    # made by gRPC itself (a deadline, a reset) has no trailer and no detail.
    message = _text(arrow_message) if arrow_message is not None else (call.details() or "")
    message = _DETAIL.sub("", message)
    code, message = _unframed(code, message)
    # Belt and braces: whatever happened upstream, no traceback goes out.
    message = message.split(_TRACEBACK, 1)[0].rstrip(" :.\n") if _TRACEBACK in message else message
    return CleanStatus(code, message, kept_trailers(trailers))
