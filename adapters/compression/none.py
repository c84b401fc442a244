"""The default: nothing is compressed."""

from __future__ import annotations

__all__ = ["NoCompression"]


class NoCompression:
    """No gRPC message compression and no Arrow IPC buffer compression."""

    ipc_codec = None
    ipc_level = None

    def grpc_channel_options(self) -> list[tuple[str, int]]:
        """No channel arguments: gRPC sends messages as they are."""
        return []

    def __repr__(self) -> str:
        return "NoCompression()"
