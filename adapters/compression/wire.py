"""What ``connect(compression=..., ipc_compression=...)`` turns into on the wire.

Measured with pyarrow 26 / gRPC core through a byte-counting proxy
(``tests/unit/test_compression_wire.py``, ``python -m bench.compression``):

* ``Gzip`` really compresses every message the client sends (channel arguments
  ``grpc.default_compression_algorithm=2`` + ``grpc.compression_enabled=1``).
  What the server sends back is compressed only if the server chooses to (mosaicod
  with ``--gzip`` does; a pyarrow server cannot be configured to).
* A :class:`GRPCCompressionLevel` changes nothing a client sends: gRPC applies levels
  to server responses only and always deflates at zlib's default level (levels 1 and
  3 gave byte-identical uploads). The level is therefore not sent, and a warning
  says so; use ``ipc_compression=IPCCompression("zstd", level)`` for a tunable ratio.
* ``StreamGzip`` (algorithm 3) is not implemented by gRPC core, which logs
  "switching to none" and sends everything uncompressed. We refuse it instead.
* Arrow IPC compression (``zstd``/``lz4``) compresses record batch buffers of
  uploads; downloads are compressed when the server honours the request header
  ``mosaico-ipc-compression`` (our mock server does) or compresses on its own.
"""

from __future__ import annotations

import warnings

from mosaicolabs.domain.compression import (
    GRPCCompression,
    GRPCCompressionAlgorithm,
    IPCCompression,
    grpc_compression_from,
    ipc_compression_from,
)
from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.ports.compression import Compression

from .none import NoCompression

__all__ = ["LEVEL_IGNORED", "WireCompression", "compression_for"]

#: The warning issued (once per ``connect`` call site) when a gRPC level is given.
LEVEL_IGNORED = (
    "GRPCCompression level {level} has no effect on what this client sends: gRPC applies "
    "compression levels to server responses only and always gzips client messages at "
    "zlib's default level. Data is still gzip-compressed. For a tunable ratio use "
    "ipc_compression=IPCCompression('zstd', level=...)."
)


class WireCompression:
    """gRPC gzip of every client message and/or Arrow IPC compression of data streams.

    Args:
        grpc: The gRPC option (``Null`` or ``Gzip``; the level is not sent, see module doc).
        ipc: Arrow IPC buffer compression, or ``None``.

    Raises:
        InvalidRequestError: ``StreamGzip``, which gRPC core would silently drop.
    """

    def __init__(self, grpc: GRPCCompression, ipc: IPCCompression | None = None) -> None:
        if grpc.algorithm is GRPCCompressionAlgorithm.StreamGzip:
            raise InvalidRequestError(
                "GRPCCompressionAlgorithm.StreamGzip is not supported: gRPC core does not "
                "implement stream compression and would silently send uncompressed data. "
                "Use GRPCCompressionAlgorithm.Gzip (gRPC message compression) or "
                "ipc_compression='zstd' (Arrow IPC buffers, faster) instead.",
                action="connect",
            )
        self.grpc = grpc
        self.ipc = ipc

    def grpc_channel_options(self) -> list[tuple[str, int]]:
        """Channel arguments that make gRPC gzip every outgoing message (none for Null)."""
        if self.grpc.algorithm is GRPCCompressionAlgorithm.Null:
            return []
        return [
            ("grpc.default_compression_algorithm", int(self.grpc.algorithm)),
            ("grpc.compression_enabled", 1),
        ]

    @property
    def ipc_codec(self) -> str | None:
        """The Arrow IPC codec of data streams, or ``None``."""
        return None if self.ipc is None else self.ipc.codec

    @property
    def ipc_level(self) -> int | None:
        """The Arrow IPC codec level, or ``None`` for the codec's default."""
        return None if self.ipc is None else self.ipc.level

    def __repr__(self) -> str:
        return f"WireCompression(grpc={self.grpc!r}, ipc={self.ipc!r})"


def compression_for(compression: object = None, ipc_compression: object = None) -> Compression:
    """Build the compression adapter from ``connect``'s two options.

    Args:
        compression: ``None``, a ``GRPCCompressionAlgorithm`` or a ``GRPCCompression``.
        ipc_compression: ``None``, ``"zstd"``, ``"lz4"`` or an ``IPCCompression``.

    Returns:
        :class:`NoCompression` when nothing is asked for, else a :class:`WireCompression`.

    Raises:
        InvalidRequestError: (a ``ValueError``) a bad value, or ``StreamGzip``.
    """
    grpc = grpc_compression_from(compression)
    ipc = ipc_compression_from(ipc_compression)
    if grpc.algorithm is GRPCCompressionAlgorithm.Null and ipc is None:
        return NoCompression()
    adapter = WireCompression(grpc, ipc)
    if grpc.level is not None:
        # Honest rather than silent: the level is accepted for compatibility only.
        warnings.warn(LEVEL_IGNORED.format(level=grpc.level.name), UserWarning, stacklevel=2)
    return adapter
