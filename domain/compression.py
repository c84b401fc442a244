"""Compression options of a connection: gRPC message compression and Arrow IPC buffers.

Two independent knobs, both off by default:

* ``compression`` (the official SDK's option): gRPC message compression, given as a
  :class:`GRPCCompressionAlgorithm` or a :class:`GRPCCompression`. The numbering is
  gRPC core's (``grpc_compression_algorithm``); ``1`` (deflate) is left out because
  the official SDK marks it unsupported.
* ``ipc_compression`` (ours): Arrow IPC buffer compression of the data streams,
  ``"zstd"``, ``"lz4"`` or an :class:`IPCCompression` with a level.

This module only describes and validates the options; whether the transport can
honour them is the compression adapter's business (it refuses what it cannot do).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TypeVar

import pyarrow as pa

from .errors import InvalidRequestError

__all__ = [
    "IPC_CODECS",
    "CompressionOption",
    "GRPCCompression",
    "GRPCCompressionAlgorithm",
    "GRPCCompressionLevel",
    "IPCCompression",
    "IPCCompressionOption",
    "grpc_compression_from",
    "ipc_compression_from",
]

#: Arrow IPC buffer codecs a client may ask for (the two the IPC format defines).
IPC_CODECS = ("zstd", "lz4")


class GRPCCompressionAlgorithm(IntEnum):
    """gRPC message compression algorithm (gRPC core numbering).

    ``Null``: nothing is compressed (default). ``Gzip``: every message the client
    sends is gzip-compressed. ``StreamGzip``: documented by the official SDK as
    experimental; gRPC core does not implement it (it silently sends uncompressed
    data), so connecting with it raises ``InvalidRequestError`` instead.
    """

    Null = 0
    Gzip = 2
    StreamGzip = 3


class GRPCCompressionLevel(IntEnum):
    """gRPC compression level. gRPC applies levels only to what a *server* sends."""

    Low = 1
    Medium = 2
    High = 3


_E = TypeVar("_E", bound=IntEnum)


def _enum_member(enum: type[_E], value: object, what: str) -> _E:
    if isinstance(value, enum):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return enum(value)
        except ValueError:
            pass
    choices = ", ".join(f"{m.name}={m.value}" for m in enum)
    hint = " (1, deflate, is unsupported upstream)" if value == 1 and what == "algorithm" else ""
    raise InvalidRequestError(f"compression {what} must be one of {choices}, got {value!r}{hint}")


@dataclass(frozen=True)
class GRPCCompression:
    """gRPC message compression with an optional level.

    Args:
        algorithm: The :class:`GRPCCompressionAlgorithm` (an int with its value is accepted).
        level: A :class:`GRPCCompressionLevel`, or ``None`` for the gRPC default.

    Raises:
        InvalidRequestError: (a ``ValueError``) unknown algorithm or level, or a level
            without an algorithm (``Null``).
    """

    algorithm: GRPCCompressionAlgorithm
    level: GRPCCompressionLevel | None = None

    def __post_init__(self) -> None:
        algorithm = _enum_member(GRPCCompressionAlgorithm, self.algorithm, "algorithm")
        object.__setattr__(self, "algorithm", algorithm)
        if self.level is not None:
            level = _enum_member(GRPCCompressionLevel, self.level, "level")
            object.__setattr__(self, "level", level)
            if algorithm is GRPCCompressionAlgorithm.Null:
                raise InvalidRequestError(
                    "a compression level needs an algorithm: GRPCCompressionAlgorithm.Null "
                    "compresses nothing"
                )


@dataclass(frozen=True)
class IPCCompression:
    """Arrow IPC buffer compression of the record batches a data stream carries.

    Args:
        codec: ``"zstd"`` (better ratio) or ``"lz4"`` (faster).
        level: Codec level (zstd: up to 22, lz4: 1..12); ``None`` for Arrow's default.

    Raises:
        InvalidRequestError: (a ``ValueError``) unknown codec or out-of-range level.
    """

    codec: str
    level: int | None = None

    def __post_init__(self) -> None:
        # Checked at run time: untyped callers may pass anything.
        codec = self.codec.lower() if isinstance(self.codec, str) else self.codec  # pyright: ignore[reportUnnecessaryIsInstance]
        if codec not in IPC_CODECS:
            raise InvalidRequestError(
                f"ipc_compression codec must be one of {', '.join(IPC_CODECS)}, got {self.codec!r}"
            )
        object.__setattr__(self, "codec", codec)
        if self.level is None:
            return
        low, high = pa.Codec.minimum_compression_level(codec), pa.Codec.maximum_compression_level(
            codec
        )
        level = self.level
        if isinstance(level, bool) or not isinstance(level, int) or not low <= level <= high:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidRequestError(
                f"{codec} level must be an int in {low}..{high}, got {self.level!r}"
            )


#: What ``connect(compression=...)`` accepts.
CompressionOption = GRPCCompressionAlgorithm | GRPCCompression | None
#: What ``connect(ipc_compression=...)`` accepts.
IPCCompressionOption = str | IPCCompression | None


def grpc_compression_from(value: object) -> GRPCCompression:
    """Normalize ``connect``'s ``compression`` argument (``None`` means ``Null``).

    Raises:
        InvalidRequestError: anything but ``None``, an algorithm or a :class:`GRPCCompression`.
    """
    if value is None:
        return GRPCCompression(GRPCCompressionAlgorithm.Null)
    if isinstance(value, GRPCCompression):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return GRPCCompression(value)  # type: ignore[arg-type]  # validated in __post_init__
    raise InvalidRequestError(
        "compression must be a GRPCCompressionAlgorithm, a GRPCCompression or None, "
        f"got {type(value).__name__}"
    )


def ipc_compression_from(value: object) -> IPCCompression | None:
    """Normalize ``connect``'s ``ipc_compression`` argument (``None``: no IPC compression).

    Raises:
        InvalidRequestError: anything but ``None``, a codec name or an :class:`IPCCompression`.
    """
    if value is None or isinstance(value, IPCCompression):
        return value
    if isinstance(value, str):
        return IPCCompression(value)
    raise InvalidRequestError(
        f"ipc_compression must be 'zstd', 'lz4', an IPCCompression or None, "
        f"got {type(value).__name__}"
    )
