"""Compression adapters."""

from .none import NoCompression

__all__ = ["NoCompression"]
