"""Enumerations that steer behaviour: error policies and serialization formats."""

from __future__ import annotations

from enum import Enum

__all__ = [
    "OnErrorPolicy",
    "SerializationFormat",
    "SessionLevelErrorPolicy",
    "TopicLevelErrorPolicy",
]


class SessionLevelErrorPolicy(Enum):
    """What a sequence writer does when its ``with`` block fails.

    Attributes:
        Report: notify the server of the error, finalize the session, re-raise.
        Delete: delete what this writer wrote (once), re-raise.
    """

    Report = "report"
    Delete = "delete"


#: Deprecated alias kept for code written against older client versions.
OnErrorPolicy = SessionLevelErrorPolicy


class TopicLevelErrorPolicy(Enum):
    """What a topic writer does when pushing to it fails.

    Attributes:
        Raise: propagate the error to the session policy.
        Finalize: report the error, close this topic, swallow the error.
        Ignore: report the error, keep the topic open, swallow the error.
    """

    Raise = "raise"
    Finalize = "finalize"
    Ignore = "ignore"


class SerializationFormat(Enum):
    """Storage layout hint sent with a topic; the wire format is Arrow IPC for all."""

    Default = "default"
    Ragged = "ragged"
    Image = "image"
