"""Notifications port over Flight actions."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from mosaicolabs.domain.errors import ProtocolError
from mosaicolabs.domain.names import topic_locator
from mosaicolabs.domain.notifications import Notification, NotificationType
from mosaicolabs.domain.vocabulary import Action

from .codec import require
from .connection import FlightConnection

__all__ = ["FlightNotifications", "parse_notification", "parse_server_datetime"]

# mosaicod 0.3.0 prints minutes ("2026-11-27 07:52 UTC"); other servers add seconds
# and up to 9 fraction digits ("2026-01-15 10:20:30.123456789 UTC"), which
# datetime.fromisoformat rejects on Python 3.10, so we parse it ourselves.
_DATETIME_RE = re.compile(
    r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"\s*(UTC|Z|[+-]\d{2}:?\d{2})?"
)


def parse_server_datetime(text: object) -> datetime:
    """Parse the server's datetime text into an aware datetime (UTC when unzoned).

    Accepts minute precision (``"2026-11-27 07:52 UTC"``, mosaicod 0.3.0) as well
    as seconds with an optional fraction of up to 9 digits.

    Raises:
        ProtocolError: if the text is not a datetime.
    """
    match = _DATETIME_RE.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ProtocolError(f"notification: unreadable created_datetime {text!r}")
    day, minutes, seconds, fraction, zone = match.groups()
    micro = (fraction or "0")[:6].ljust(6, "0")
    offset = "+00:00" if zone in (None, "UTC", "Z") else zone
    try:
        value = datetime.fromisoformat(f"{day}T{minutes}:{seconds or '00'}.{micro}{offset}")
    except ValueError:  # e.g. month 13: the shape matched but the values are impossible
        raise ProtocolError(f"notification: impossible created_datetime {text!r}") from None
    return value.astimezone(timezone.utc)


def parse_notification(raw: object) -> Notification:
    """Decode one notification object of a ``*_notification_list`` answer."""
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise ProtocolError(f"notification: malformed entry {raw!r}")
    try:
        kind = NotificationType(raw.get("notification_type"))
    except ValueError:
        raise ProtocolError(
            f"notification: unknown type {raw.get('notification_type')!r}"
        ) from None
    sequence, _, topic = raw["name"].lstrip("/").partition("/")
    return Notification(
        sequence_name=sequence,
        type=kind,
        message=str(raw.get("msg", "")),
        created_datetime=parse_server_datetime(raw.get("created_datetime")),
        topic_name=f"/{topic}" if topic else None,
    )


#: The create, list and purge actions of one kind of resource.
_Trio = tuple[Action, Action, Action]
_SEQUENCE_NOTES: _Trio = (Action.sequence_notification_create,
                          Action.sequence_notification_list,
                          Action.sequence_notification_purge)
_TOPIC_NOTES: _Trio = (Action.topic_notification_create, Action.topic_notification_list,
                       Action.topic_notification_purge)


class FlightNotifications:
    """:class:`~mosaicolabs.ports.Notifications` over the ``*_notification_*`` actions."""

    def __init__(self, connection: FlightConnection) -> None:
        self._conn = connection

    @staticmethod
    def _target(sequence_name: str, topic_name: str | None) -> tuple[_Trio, str]:
        if topic_name is None:
            return _SEQUENCE_NOTES, sequence_name
        return _TOPIC_NOTES, topic_locator(sequence_name, topic_name)

    def create(self, sequence_name: str, topic_name: str | None, message: str) -> None:
        (create, _, _), locator = self._target(sequence_name, topic_name)
        body: dict[str, Any] = {"locator": locator, "notification_type": "error", "msg": message}
        self._conn.action(create.name, body, locator)

    def list(self, sequence_name: str, topic_name: str | None = None) -> list[Notification]:
        (_, listing, _), locator = self._target(sequence_name, topic_name)
        action = listing.name
        response = self._conn.action(action, {"locator": locator}, locator)
        return [parse_notification(n) for n in require(response, "notifications", list, action)]

    def purge(self, sequence_name: str, topic_name: str | None = None) -> None:
        (_, _, purge), locator = self._target(sequence_name, topic_name)
        self._conn.action(purge.name, {"locator": locator}, locator)
