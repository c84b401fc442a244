"""Notifications attached to sequences and topics (protocol.md's notify actions).

A locator with a ``/`` names a topic, else a sequence. As on mosaicod 0.3.0, a
sequence that does not exist simply has no notifications, while an unknown topic
is an error.
"""

from __future__ import annotations

from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.domain.notifications import Notification

from .records import NotificationRecord, SequenceRecord, TopicRecord
from .state import EngineState

__all__ = ["NotificationBoard"]


class NotificationBoard:
    """Creates, lists and purges the notifications kept on the records of ``state``."""

    def __init__(self, state: EngineState) -> None:
        self._state = state

    def _owner(self, locator: str) -> SequenceRecord | TopicRecord:
        if "/" in locator:
            return self._state.topic(locator)
        return self._state.sequence(locator)

    def _notes_of(self, locator: str) -> list[NotificationRecord]:
        """The notifications of ``locator``; none for a sequence that does not exist.

        mosaicod 0.3.0 looks a sequence's notifications up by name, so an unknown
        sequence simply has none; an unknown topic is an error there (and here).
        """
        if "/" not in locator and locator not in self._state.sequences:
            return []
        return self._owner(locator).notifications

    def create_notification(self, locator: str, notification_type: str, message: str) -> None:
        """Attach an ``"error"`` notification to a sequence or topic."""
        if notification_type != "error":
            raise InvalidRequestError(
                f"unknown notification type {notification_type!r} (only 'error' exists)"
            )
        state = self._state
        with state.lock:
            owner = self._owner(locator)
            owner.notifications.append(NotificationRecord(locator, str(message), state.clock()))
            state.persist()

    def list_notifications(self, locator: str) -> list[Notification]:
        """Oldest first; ``[]`` for a sequence that does not exist (as mosaicod 0.3.0)."""
        with self._state.lock:
            return [n.snapshot() for n in self._notes_of(locator)]

    def purge_notifications(self, locator: str) -> None:
        """Remove them all; nothing to do for a sequence that does not exist."""
        state = self._state
        with state.lock:
            notes = self._notes_of(locator)
            if notes:
                notes.clear()
                state.persist()
