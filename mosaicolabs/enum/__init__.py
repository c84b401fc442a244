"""Enumerations of the public API.

The official package's ``mosaicolabs.enum``, over our own objects from
:mod:`mosaicolabs.domain.api_keys`,
:mod:`mosaicolabs.domain.compression`,
:mod:`mosaicolabs.domain.notifications`,
:mod:`mosaicolabs.domain.policies`,
:mod:`mosaicolabs.domain.statuses`.
Names are imported on first use (see :mod:`mosaicolabs._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = [
    "APIKeyPermissionEnum",
    "GRPCCompressionAlgorithm",
    "GRPCCompressionLevel",
    "NotificationType",
    "OnErrorPolicy",
    "SequenceStatus",
    "SerializationFormat",
    "SessionLevelErrorPolicy",
    "SessionStatus",
    "TopicLevelErrorPolicy",
    "TopicWriterStatus",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
    from mosaicolabs.domain.compression import GRPCCompressionAlgorithm, GRPCCompressionLevel
    from mosaicolabs.domain.notifications import NotificationType
    from mosaicolabs.domain.policies import (
        OnErrorPolicy,
        SerializationFormat,
        SessionLevelErrorPolicy,
        TopicLevelErrorPolicy,
    )
    from mosaicolabs.domain.statuses import SequenceStatus, SessionStatus, TopicWriterStatus
else:  # loaded on first use; a visible __getattr__ would make any name Any to checkers
    __getattr__, __dir__ = lazy_exports(__name__, __all__, {
        "APIKeyPermissionEnum": "mosaicolabs.domain.api_keys",
        "GRPCCompressionAlgorithm": "mosaicolabs.domain.compression",
        "GRPCCompressionLevel": "mosaicolabs.domain.compression",
        "NotificationType": "mosaicolabs.domain.notifications",
        "OnErrorPolicy": "mosaicolabs.domain.policies",
        "SerializationFormat": "mosaicolabs.domain.policies",
        "SessionLevelErrorPolicy": "mosaicolabs.domain.policies",
        "TopicLevelErrorPolicy": "mosaicolabs.domain.policies",
        "SequenceStatus": "mosaicolabs.domain.statuses",
        "SessionStatus": "mosaicolabs.domain.statuses",
        "TopicWriterStatus": "mosaicolabs.domain.statuses",
    })
