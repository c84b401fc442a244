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
    "GRPCCompression": "mosaicolabs.domain.compression",
    "GRPCCompressionAlgorithm": "mosaicolabs.domain.compression",
    "GRPCCompressionLevel": "mosaicolabs.domain.compression",
    "IPCCompression": "mosaicolabs.domain.compression",
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
    "Message": "mosaicolabs.domain.ontology.message",
    "RetryPolicy": "mosaicolabs.domain.retry",
    "Query": "mosaicolabs.domain.query.builders",
    "QuerySequence": "mosaicolabs.domain.query.builders",
    "QueryTopic": "mosaicolabs.domain.query.builders",
    "QueryOntologyCatalog": "mosaicolabs.domain.query.builders",
    "QueryResponse": "mosaicolabs.domain.query.response",
    "QueryResponseItem": "mosaicolabs.domain.query.response",
    "Serializable": "mosaicolabs.domain.ontology.serializable",
    "arrow_field": "mosaicolabs.domain.ontology.fields",
    "SequenceWriter": "mosaicolabs.application.writing.session_writer",
    "SequenceUpdater": "mosaicolabs.application.writing.session_writer",
    "TopicWriter": "mosaicolabs.application.writing.topic_writer",
    "TopicDataStreamer": "mosaicolabs.application.reading.streamers",
    "SequenceDataStreamer": "mosaicolabs.application.reading.streamers",
    "GPS": "mosaicolabs.domain.ontology.models",
    "IMU": "mosaicolabs.domain.ontology.models",
    "ROI": "mosaicolabs.domain.ontology.models",
    "Acceleration": "mosaicolabs.domain.ontology.models",
    "Boolean": "mosaicolabs.domain.ontology.models",
    "CameraInfo": "mosaicolabs.domain.ontology.models",
    "CompressedImage": "mosaicolabs.domain.ontology.models",
    "Floating16": "mosaicolabs.domain.ontology.models",
    "Floating32": "mosaicolabs.domain.ontology.models",
    "Floating64": "mosaicolabs.domain.ontology.models",
    "ForceTorque": "mosaicolabs.domain.ontology.models",
    "GPSStatus": "mosaicolabs.domain.ontology.models",
    "Image": "mosaicolabs.domain.ontology.models",
    "Integer8": "mosaicolabs.domain.ontology.models",
    "Integer16": "mosaicolabs.domain.ontology.models",
    "Integer32": "mosaicolabs.domain.ontology.models",
    "Integer64": "mosaicolabs.domain.ontology.models",
    "LargeString": "mosaicolabs.domain.ontology.models",
    "Magnetometer": "mosaicolabs.domain.ontology.models",
    "MotionState": "mosaicolabs.domain.ontology.models",
    "NMEASentence": "mosaicolabs.domain.ontology.models",
    "Point2d": "mosaicolabs.domain.ontology.models",
    "Point3d": "mosaicolabs.domain.ontology.models",
    "Pose": "mosaicolabs.domain.ontology.models",
    "Pressure": "mosaicolabs.domain.ontology.models",
    "Quaternion": "mosaicolabs.domain.ontology.models",
    "Range": "mosaicolabs.domain.ontology.models",
    "RobotJoint": "mosaicolabs.domain.ontology.models",
    "String": "mosaicolabs.domain.ontology.models",
    "Temperature": "mosaicolabs.domain.ontology.models",
    "Transform": "mosaicolabs.domain.ontology.models",
    "Unsigned8": "mosaicolabs.domain.ontology.models",
    "Unsigned16": "mosaicolabs.domain.ontology.models",
    "Unsigned32": "mosaicolabs.domain.ontology.models",
    "Unsigned64": "mosaicolabs.domain.ontology.models",
    "Vector2d": "mosaicolabs.domain.ontology.models",
    "Vector3d": "mosaicolabs.domain.ontology.models",
    "Vector4d": "mosaicolabs.domain.ontology.models",
    "Velocity": "mosaicolabs.domain.ontology.models",
    "BaseModel": "mosaicolabs.domain.ontology.pydantic_names",
    "CovarianceMixin": "mosaicolabs.domain.ontology.mixins",
    "VarianceMixin": "mosaicolabs.domain.ontology.mixins",
    "ImageFormat": "mosaicolabs.domain.ontology.vision",
    "SequenceStatus": "mosaicolabs.domain.statuses",
    "SessionStatus": "mosaicolabs.domain.statuses",
    "TopicWriterStatus": "mosaicolabs.domain.statuses",
    "Time": "mosaicolabs.domain.time_value",
    "TimestampRange": "mosaicolabs.domain.query.response",
    "QueryResponseItemSequence": "mosaicolabs.models.query",
    "QueryResponseItemTopic": "mosaicolabs.models.query",
    "get_logger": "mosaicolabs.logging_config",
    "setup_sdk_logging": "mosaicolabs.logging_config",
}

# A literal list, so that type checkers know what the package exports (each name is
# also imported under TYPE_CHECKING below); a test keeps it equal to _EXPORTS.
__all__ = [
    "GPS", "IMU", "ROI", "APIKeyPermissionEnum", "APIKeyStatus", "Acceleration", "BaseModel",
    "Boolean", "CameraInfo", "CompressedImage", "CovarianceMixin", "Floating16", "Floating32",
    "Floating64", "ForceTorque", "GPSStatus", "GRPCCompression", "GRPCCompressionAlgorithm",
    "GRPCCompressionLevel", "IPCCompression", "Image", "ImageFormat", "Integer8", "Integer16",
    "Integer32", "Integer64", "LargeString", "Magnetometer", "Message", "MosaicoClient",
    "MosaicoError", "MotionState", "NMEASentence", "Notification", "NotificationType",
    "OnErrorPolicy", "Point2d", "Point3d", "Pose", "Pressure", "Quaternion", "Query",
    "QueryOntologyCatalog", "QueryResponse", "QueryResponseItem", "QueryResponseItemSequence",
    "QueryResponseItemTopic", "QuerySequence", "QueryTopic", "Range", "RetryPolicy",
    "RobotJoint", "Sequence", "SequenceDataStreamer", "SequenceHandler", "SequenceStatus",
    "SequenceUpdater", "SequenceWriter", "Serializable", "SerializationFormat", "ServerVersion",
    "Session", "SessionLevelErrorPolicy", "SessionStatus", "String", "Temperature", "Time",
    "TimeRange", "TimestampRange", "Topic", "TopicDataStreamer", "TopicHandler",
    "TopicLevelErrorPolicy", "TopicWriter", "TopicWriterStatus", "Transform", "Unsigned8",
    "Unsigned16", "Unsigned32", "Unsigned64", "VarianceMixin", "Vector2d", "Vector3d",
    "Vector4d", "Velocity", "__version__", "arrow_field", "get_logger", "setup_sdk_logging",
]


if not TYPE_CHECKING:  # hidden from type checkers: to them, a module __getattr__ would
    # make every name importable (as Any); they see the imports at the end instead

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
    from mosaicolabs.application.reading.streamers import (
        SequenceDataStreamer,
        TopicDataStreamer,
    )
    from mosaicolabs.application.writing.session_writer import SequenceUpdater, SequenceWriter
    from mosaicolabs.application.writing.topic_writer import TopicWriter
    from mosaicolabs.client import MosaicoClient
    from mosaicolabs.domain.api_keys import APIKeyPermissionEnum, APIKeyStatus
    from mosaicolabs.domain.catalog import Sequence, Session, TimeRange, Topic
    from mosaicolabs.domain.compression import (
        GRPCCompression,
        GRPCCompressionAlgorithm,
        GRPCCompressionLevel,
        IPCCompression,
    )
    from mosaicolabs.domain.errors import MosaicoError
    from mosaicolabs.domain.notifications import Notification, NotificationType
    from mosaicolabs.domain.ontology.fields import arrow_field
    from mosaicolabs.domain.ontology.message import Message
    from mosaicolabs.domain.ontology.mixins import CovarianceMixin, VarianceMixin
    from mosaicolabs.domain.ontology.models import (
        GPS,
        IMU,
        ROI,
        Acceleration,
        Boolean,
        CameraInfo,
        CompressedImage,
        Floating16,
        Floating32,
        Floating64,
        ForceTorque,
        GPSStatus,
        Image,
        Integer8,
        Integer16,
        Integer32,
        Integer64,
        LargeString,
        Magnetometer,
        MotionState,
        NMEASentence,
        Point2d,
        Point3d,
        Pose,
        Pressure,
        Quaternion,
        Range,
        RobotJoint,
        String,
        Temperature,
        Transform,
        Unsigned8,
        Unsigned16,
        Unsigned32,
        Unsigned64,
        Vector2d,
        Vector3d,
        Vector4d,
        Velocity,
    )
    from mosaicolabs.domain.ontology.pydantic_names import BaseModel
    from mosaicolabs.domain.ontology.serializable import Serializable
    from mosaicolabs.domain.ontology.vision import ImageFormat
    from mosaicolabs.domain.policies import (
        OnErrorPolicy,
        SerializationFormat,
        SessionLevelErrorPolicy,
        TopicLevelErrorPolicy,
    )
    from mosaicolabs.domain.query.builders import (
        Query,
        QueryOntologyCatalog,
        QuerySequence,
        QueryTopic,
    )
    from mosaicolabs.domain.query.response import QueryResponse, QueryResponseItem, TimestampRange
    from mosaicolabs.domain.retry import RetryPolicy
    from mosaicolabs.domain.server import ServerVersion
    from mosaicolabs.domain.statuses import SequenceStatus, SessionStatus, TopicWriterStatus
    from mosaicolabs.domain.time_value import Time
    from mosaicolabs.logging_config import get_logger, setup_sdk_logging
    from mosaicolabs.models.query import QueryResponseItemSequence, QueryResponseItemTopic
