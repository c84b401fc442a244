"""The ports that reading and writing use together, passed around as one bundle."""

from __future__ import annotations

from dataclasses import dataclass

from mosaicolabs.ports.catalog import Catalog
from mosaicolabs.ports.notifications import Notifications
from mosaicolabs.ports.streams import TopicStreams

__all__ = ["DataPorts"]


@dataclass(frozen=True)
class DataPorts:
    """Catalog, topic streams and notifications of one client."""

    catalog: Catalog
    streams: TopicStreams
    notifications: Notifications
