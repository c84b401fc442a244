"""Port: compression of what goes over the wire."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["Compression"]


@runtime_checkable
class Compression(Protocol):
    """gRPC message compression and Arrow IPC buffer compression settings."""

    def grpc_channel_options(self) -> list[tuple[str, int]]:
        """gRPC channel arguments enabling message compression (empty for none)."""
        ...

    @property
    def ipc_codec(self) -> str | None:
        """Arrow IPC buffer codec (``"zstd"``, ``"lz4"``) or ``None``."""
        ...

    @property
    def ipc_level(self) -> int | None:
        """Level of :attr:`ipc_codec` (``None``: the codec's default)."""
        ...
