"""Enumerations of the public API (documented import path ``mosaicolabs.enum``)."""

from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.domain.compression import GRPCCompressionAlgorithm, GRPCCompressionLevel
from mosaicolabs.domain.notifications import NotificationType
from mosaicolabs.domain.policies import (
    OnErrorPolicy,
    SerializationFormat,
    SessionLevelErrorPolicy,
    TopicLevelErrorPolicy,
)

__all__ = [
    "APIKeyPermissionEnum",
    "GRPCCompressionAlgorithm",
    "GRPCCompressionLevel",
    "NotificationType",
    "OnErrorPolicy",
    "SerializationFormat",
    "SessionLevelErrorPolicy",
    "TopicLevelErrorPolicy",
]
