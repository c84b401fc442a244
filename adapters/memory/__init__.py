"""In-process engine with the server's rules, and port adapters over it.

The mock server serves this same engine over Flight, so the in-memory backend
and the server cannot drift apart.
"""

from .adapters import (
    InMemoryAPIKeys,
    InMemoryCatalog,
    InMemoryNotifications,
    InMemoryQueryService,
    InMemoryServerInfo,
    InMemoryTopicStreams,
)
from .engine import MemoryEngine
from .layers import InMemoryLayers

__all__ = [
    "InMemoryAPIKeys",
    "InMemoryCatalog",
    "InMemoryLayers",
    "InMemoryNotifications",
    "InMemoryQueryService",
    "InMemoryServerInfo",
    "InMemoryTopicStreams",
    "MemoryEngine",
]
