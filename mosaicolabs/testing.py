"""Offline testing helpers: the in-process engine and clients over it.

Example::

    from mosaicolabs.testing import MemoryEngine, memory_client

    engine = MemoryEngine()
    with memory_client(engine) as client:
        assert client.list_sequences() == []
"""

from __future__ import annotations

from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.client import MosaicoClient

__all__ = ["MemoryEngine", "memory_client"]


def memory_client(
    engine: MemoryEngine | None = None, *, api_key: str | None = None
) -> MosaicoClient:
    """A :class:`MosaicoClient` over ``engine`` (a fresh one if omitted), no network involved."""
    return MosaicoClient.embedded(engine, api_key=api_key)
