"""Notifications: error reports stored by the server per sequence or topic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

__all__ = ["Notification", "NotificationType"]


class NotificationType(Enum):
    """Kind of a notification; the platform only defines errors.

    Attributes:
        ERROR: a failure during an operation on the resource (e.g. an interrupted upload).
    """

    ERROR = "error"


@dataclass(frozen=True)
class Notification:
    """A diagnostic message stored on the server.

    Attributes:
        sequence_name: The sequence the notification belongs to.
        type: Its :class:`NotificationType`.
        message: What happened.
        created_datetime: When the server stored it (aware, UTC).
        topic_name: The topic (``/name`` form) for topic notifications, else ``None``.
    """

    sequence_name: str
    type: NotificationType
    message: str
    created_datetime: datetime
    topic_name: str | None = None
