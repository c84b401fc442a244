"""The public surface: documented import paths, curated ``__all__``, no extras."""

from __future__ import annotations

import importlib

import pytest

import mosaicolabs

TOP_LEVEL = {
    "BaseModel", "CovarianceMixin", "VarianceMixin", "ImageFormat",
    "SequenceStatus", "SessionStatus", "TopicWriterStatus", "Time", "TimestampRange",
    "QueryResponseItemSequence", "QueryResponseItemTopic", "get_logger", "setup_sdk_logging",
    "APIKeyPermissionEnum",
    "APIKeyStatus",
    "MosaicoClient",
    "MosaicoError",
    "Notification",
    "NotificationType",
    "OnErrorPolicy",
    "Sequence",
    "SequenceHandler",
    "SerializationFormat",
    "ServerVersion",
    "Session",
    "SessionLevelErrorPolicy",
    "TimeRange",
    "Topic",
    "TopicHandler",
    "TopicLevelErrorPolicy",
    "__version__",
} | {
    "Message", "Serializable", "arrow_field", "SequenceWriter", "SequenceUpdater", "TopicWriter",
    "TopicDataStreamer", "SequenceDataStreamer", "Query", "QuerySequence", "QueryTopic",
    "QueryOntologyCatalog", "QueryResponse", "QueryResponseItem", "RetryPolicy",
    "GRPCCompression", "GRPCCompressionAlgorithm", "GRPCCompressionLevel", "IPCCompression",
} | set(importlib.import_module("mosaicolabs.domain.ontology.models").__all__)
SUBMODULES = {
    "mosaicolabs.comm": {
        "GRPCCompression", "IPCCompression", "MosaicoClient", "Notification", "NotificationType",
    },
    "mosaicolabs.comm.middlewares": {"MosaicoAuthMiddleware", "MosaicoAuthMiddlewareFactory"},
    "mosaicolabs.enum": {
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
    },
    "mosaicolabs.testing": {"MemoryEngine", "memory_client"},
}


def test_top_level_all_is_exactly_the_public_surface():
    assert set(mosaicolabs.__all__) == TOP_LEVEL
    for name in mosaicolabs.__all__:
        assert getattr(mosaicolabs, name) is not None


def test_unknown_top_level_name_raises_attribute_error():
    with pytest.raises(AttributeError):
        mosaicolabs.NoSuchThing  # noqa: B018


@pytest.mark.parametrize("module", sorted(SUBMODULES))
def test_submodule_all_is_exact_and_importable(module):
    loaded = importlib.import_module(module)
    assert set(loaded.__all__) == SUBMODULES[module]
    for name in loaded.__all__:
        assert getattr(loaded, name) is not None


def test_errors_module_exports_the_whole_tree():
    errors = importlib.import_module("mosaicolabs.errors")
    tree = importlib.import_module("mosaicolabs.domain.errors")
    assert set(errors.__all__) == set(tree.__all__)
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.MosaicoError)


def test_same_objects_through_every_path():
    from mosaicolabs import MosaicoClient, NotificationType
    from mosaicolabs.comm import MosaicoClient as CommClient
    from mosaicolabs.enum import NotificationType as EnumNotificationType

    assert MosaicoClient is CommClient
    assert NotificationType is EnumNotificationType
    assert NotificationType.ERROR.value == "error"


def test_auth_middleware_factory_exposes_fingerprint_only():
    from mosaicolabs.comm.middlewares import MosaicoAuthMiddlewareFactory

    token = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"
    factory = MosaicoAuthMiddlewareFactory(token)
    assert factory.api_key_fingerprint == "f9010b9e"
    assert "s3l8gcdw" not in repr(factory)
