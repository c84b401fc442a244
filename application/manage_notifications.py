"""Use-case: read and clear the error notifications of sequences and topics."""

from __future__ import annotations

from mosaicolabs.domain.names import normalize_topic_name, validate_sequence_name
from mosaicolabs.domain.notifications import Notification
from mosaicolabs.ports.notifications import Notifications

__all__ = ["ManageNotifications"]


class ManageNotifications:
    """List and clear notifications, with names validated first."""

    def __init__(self, notifications: Notifications) -> None:
        self._port = notifications

    def list_for_sequence(self, sequence_name: str) -> list[Notification]:
        """Notifications of a sequence, oldest first."""
        return self._port.list(validate_sequence_name(sequence_name))

    def clear_for_sequence(self, sequence_name: str) -> None:
        """Remove all notifications of a sequence."""
        self._port.purge(validate_sequence_name(sequence_name))

    def list_for_topic(self, sequence_name: str, topic_name: str) -> list[Notification]:
        """Notifications of a topic, oldest first."""
        return self._port.list(
            validate_sequence_name(sequence_name), normalize_topic_name(topic_name)
        )

    def clear_for_topic(self, sequence_name: str, topic_name: str) -> None:
        """Remove all notifications of a topic."""
        self._port.purge(validate_sequence_name(sequence_name), normalize_topic_name(topic_name))
