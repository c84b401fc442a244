"""Compressed responses: Arrow IPC buffer compression of DoGet streams.

A pyarrow Flight server accepts compressed requests without any setting: gRPC
gzip/deflate messages and IPC-compressed (zstd/lz4) DoPut batches are decoded
transparently. What it *sends* cannot be gRPC-compressed (``FlightServerBase``
takes no gRPC channel arguments), so responses are compressed at the Arrow IPC
level instead, in two ways:

* server-wide: ``MockFlightServer(ipc_compression="zstd")`` / ``--ipc-compression``;
* per call: the request header ``mosaico-ipc-compression: zstd|lz4`` (sent by our
  client when it connects with ``ipc_compression=...``) wins over the server default.
  Any other header value is ignored: it is a hint, never a reason to fail a read.
"""

from __future__ import annotations

from typing import Any, Mapping

import pyarrow as pa
import pyarrow.flight as flight

from mosaicolabs.domain.compression import IPC_CODECS
from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.domain.vocabulary import IPC_COMPRESSION_HEADER

__all__ = [
    "IPC_COMPRESSION_HEADER",
    "IPC_MIDDLEWARE_KEY",
    "IPCCompressionHintFactory",
    "check_codec",
    "response_write_options",
]

#: Name under which the hint middleware is registered with the server.
IPC_MIDDLEWARE_KEY = IPC_COMPRESSION_HEADER


def check_codec(codec: str | None) -> str | None:
    """Validate a server-wide codec (``None``: responses are not compressed).

    Raises:
        InvalidRequestError: not one of ``zstd``, ``lz4``.
    """
    if codec is None or codec in IPC_CODECS:
        return codec
    raise InvalidRequestError(
        f"ipc_compression must be one of {', '.join(IPC_CODECS)} or None, got {codec!r}"
    )


# pyarrow ships no type information: its base classes are Any to the type checkers.
class _IPCCompressionHint(flight.ServerMiddleware):  # type: ignore[misc]
    """Per-call holder of the codec the caller asked for (``None``: no valid hint)."""

    def __init__(self, codec: str | None) -> None:
        super().__init__()
        self.codec = codec


class IPCCompressionHintFactory(flight.ServerMiddlewareFactory):  # type: ignore[misc]
    """Middleware factory reading the ``mosaico-ipc-compression`` request header."""

    def start_call(self, info: Any, headers: Mapping[str, list[Any]]) -> _IPCCompressionHint:
        """Keep the first value when it names a supported codec."""
        values = headers.get(IPC_COMPRESSION_HEADER) or []
        value = values[0] if values else None
        if isinstance(value, bytes):
            value = value.decode("ascii", "replace")
        codec = value.strip().lower() if isinstance(value, str) else None
        return _IPCCompressionHint(codec if codec in IPC_CODECS else None)


def response_write_options(
    context: flight.ServerCallContext, default_codec: str | None
) -> pa.ipc.IpcWriteOptions | None:
    """IPC write options for a DoGet: the caller's codec, else the server's, else none."""
    hint = context.get_middleware(IPC_MIDDLEWARE_KEY)
    codec = (hint.codec if hint is not None else None) or default_codec
    return None if codec is None else pa.ipc.IpcWriteOptions(compression=codec)
