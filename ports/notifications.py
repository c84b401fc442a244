"""Port: error notifications stored per sequence or topic."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from mosaicolabs.domain.notifications import Notification

__all__ = ["Notifications"]


@runtime_checkable
class Notifications(Protocol):
    """Create, list and purge notifications. ``topic_name`` ``None`` means the sequence."""

    def create(self, sequence_name: str, topic_name: str | None, message: str) -> None:
        """Store an error notification."""
        ...

    def list(self, sequence_name: str, topic_name: str | None = None) -> list[Notification]:
        """Notifications of the resource, oldest first."""
        ...

    def purge(self, sequence_name: str, topic_name: str | None = None) -> None:
        """Remove all notifications of the resource."""
        ...
