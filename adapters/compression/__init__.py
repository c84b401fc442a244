"""Compression adapters: gRPC message gzip and Arrow IPC buffer compression."""

from .none import NoCompression
from .wire import LEVEL_IGNORED, WireCompression, compression_for

__all__ = ["LEVEL_IGNORED", "NoCompression", "WireCompression", "compression_for"]
