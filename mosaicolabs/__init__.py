"""Client library for the Mosaico data platform (robotics recordings over Arrow Flight).

Quick start::

    from mosaicolabs import MosaicoClient

    with MosaicoClient.connect("localhost", 6726) as client:
        print(client.version(), client.list_sequences())

Public names are loaded on first use, so ``import mosaicolabs`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "MosaicoClient": "mosaicolabs.client",
    "SequenceHandler": "mosaicolabs.application.handlers",
    "TopicHandler": "mosaicolabs.application.handlers",
    "APIKeyPermissionEnum": "mosaicolabs.domain.api_keys",
    "APIKeyStatus": "mosaicolabs.domain.api_keys",
    "Notification": "mosaicolabs.domain.notifications",
    "NotificationType": "mosaicolabs.domain.notifications",
    "SessionLevelErrorPolicy": "mosaicolabs.domain.policies",
    "TopicLevelErrorPolicy": "mosaicolabs.domain.policies",
    "OnErrorPolicy": "mosaicolabs.domain.policies",
    "SerializationFormat": "mosaicolabs.domain.policies",
    "ServerVersion": "mosaicolabs.domain.server",
    "Sequence": "mosaicolabs.domain.catalog",
    "Session": "mosaicolabs.domain.catalog",
    "Topic": "mosaicolabs.domain.catalog",
    "TimeRange": "mosaicolabs.domain.catalog",
    "MosaicoError": "mosaicolabs.domain.errors",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mosaicolabs' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # cache: later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.application.handlers import SequenceHandler, TopicHandler
    from mosaicolabs.client import MosaicoClient
    from mosaicolabs.domain.api_keys import APIKeyPermissionEnum, APIKeyStatus
    from mosaicolabs.domain.catalog import Sequence, Session, TimeRange, Topic
    from mosaicolabs.domain.errors import MosaicoError
    from mosaicolabs.domain.notifications import Notification, NotificationType
    from mosaicolabs.domain.policies import (
        OnErrorPolicy,
        SerializationFormat,
        SessionLevelErrorPolicy,
        TopicLevelErrorPolicy,
    )
    from mosaicolabs.domain.server import ServerVersion
