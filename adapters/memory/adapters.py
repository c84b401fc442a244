"""Port adapters over :class:`MemoryEngine`, each acting with one set of credentials.

Every call is authorized first, exactly like a server would, so code tested on
the in-memory backend meets the same permission errors as against a server.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

import pyarrow as pa

from mosaicolabs.domain.api_keys import APIKeyPermissionEnum, APIKeyStatus
from mosaicolabs.domain.catalog import Sequence, Topic
from mosaicolabs.domain.names import topic_locator
from mosaicolabs.domain.notifications import Notification
from mosaicolabs.domain.policies import SerializationFormat
from mosaicolabs.domain.query_result import QueryHit
from mosaicolabs.domain.server import ServerVersion
from mosaicolabs.domain.vocabulary import (
    Action,
    FlightMethod,
)
from mosaicolabs.ports.credentials import Credentials

from .engine import MemoryEngine
from .uploads import TopicUpload

__all__ = [
    "EngineClient",
    "InMemoryAPIKeys",
    "InMemoryCatalog",
    "InMemoryNotifications",
    "InMemoryQueryService",
    "InMemoryServerInfo",
    "InMemoryTopicStreams",
]


class EngineClient:
    """Base of the in-memory adapters: an engine plus the credentials every call is
    checked with (``_authorize`` before touching the engine, as a server would)."""

    def __init__(self, engine: MemoryEngine, credentials: Credentials) -> None:
        self._engine = engine
        self._credentials = credentials

    def _authorize(self, operation: Action | FlightMethod) -> None:
        self._engine.authorize(self._credentials.token, operation.name)


class InMemoryCatalog(EngineClient):
    """:class:`~mosaicolabs.ports.Catalog` over the engine."""

    def list_sequences(self) -> list[str]:
        self._authorize(FlightMethod.ListFlights)
        return self._engine.list_sequences()

    def create_sequence(self, name: str, user_metadata: Mapping[str, Any]) -> None:
        self._authorize(Action.sequence_create)
        self._engine.create_sequence(name, user_metadata)

    def describe_sequence(self, name: str) -> Sequence:
        self._authorize(FlightMethod.GetFlightInfo)
        return self._engine.describe_sequence(name)

    def delete_sequence(self, name: str) -> None:
        self._authorize(Action.sequence_delete)
        self._engine.delete_sequence(name)

    def create_session(self, sequence_name: str) -> str:
        self._authorize(Action.session_create)
        return self._engine.create_session(sequence_name)

    def finalize_session(self, session_uuid: str) -> None:
        self._authorize(Action.session_finalize)
        self._engine.finalize_session(session_uuid)

    def delete_session(self, session_uuid: str) -> None:
        self._authorize(Action.session_delete)
        self._engine.delete_session(session_uuid)

    def create_topic(
        self,
        session_uuid: str,
        sequence_name: str,
        topic_name: str,
        ontology_tag: str,
        serialization_format: SerializationFormat,
        user_metadata: Mapping[str, Any],
    ) -> str:
        self._authorize(Action.topic_create)
        locator = topic_locator(sequence_name, topic_name)
        return self._engine.create_topic(
            session_uuid, locator, ontology_tag, serialization_format, user_metadata
        )

    def describe_topic(self, sequence_name: str, topic_name: str) -> Topic:
        self._authorize(FlightMethod.GetFlightInfo)
        return self._engine.describe_topic(topic_locator(sequence_name, topic_name))

    def delete_topic(self, sequence_name: str, topic_name: str) -> None:
        self._authorize(Action.topic_delete)
        self._engine.delete_topic(topic_locator(sequence_name, topic_name))


def _locator(sequence_name: str, topic_name: str | None) -> str:
    return sequence_name if topic_name is None else topic_locator(sequence_name, topic_name)


#: The create, list and purge actions of sequence notifications, then of topic ones.
_NOTE_ACTIONS = (
    (Action.sequence_notification_create, Action.sequence_notification_list,
     Action.sequence_notification_purge),
    (Action.topic_notification_create, Action.topic_notification_list,
     Action.topic_notification_purge),
)


def _notes(topic_name: str | None) -> tuple[Action, Action, Action]:
    return _NOTE_ACTIONS[topic_name is not None]


class InMemoryNotifications(EngineClient):
    """:class:`~mosaicolabs.ports.Notifications` over the engine."""

    def create(self, sequence_name: str, topic_name: str | None, message: str) -> None:
        self._authorize(_notes(topic_name)[0])
        self._engine.create_notification(_locator(sequence_name, topic_name), "error", message)

    def list(self, sequence_name: str, topic_name: str | None = None) -> list[Notification]:
        self._authorize(_notes(topic_name)[1])
        return self._engine.list_notifications(_locator(sequence_name, topic_name))

    def purge(self, sequence_name: str, topic_name: str | None = None) -> None:
        self._authorize(_notes(topic_name)[2])
        self._engine.purge_notifications(_locator(sequence_name, topic_name))


class InMemoryAPIKeys(EngineClient):
    """:class:`~mosaicolabs.ports.APIKeys` over the engine's key ring."""

    def create(
        self, permission: APIKeyPermissionEnum, description: str, expires_at_ns: int | None
    ) -> str:
        self._authorize(Action.api_key_create)
        return self._engine.keys.issue(permission, description, expires_at_ns)

    def status(self, fingerprint: str) -> APIKeyStatus:
        self._authorize(Action.api_key_status)
        return self._engine.keys.status(fingerprint)

    def revoke(self, fingerprint: str) -> None:
        self._authorize(Action.api_key_revoke)
        self._engine.keys.revoke(fingerprint)


class InMemoryQueryService(EngineClient):
    """:class:`~mosaicolabs.ports.QueryService` over the engine's evaluator."""

    def query(self, blocks: Mapping[str, Any]) -> list[QueryHit]:
        self._authorize(Action.query)
        return self._engine.query(blocks)


class InMemoryServerInfo(EngineClient):
    """:class:`~mosaicolabs.ports.ServerInfo` over the engine."""

    def version(self) -> ServerVersion:
        self._authorize(Action.version)
        return self._engine.server_version

    def info(self) -> ServerVersion:
        self._authorize(Action.info)
        return self._engine.server_version

    def wait_until_ready(self, timeout_s: float) -> None:
        # The engine is always up; the probe still checks the credentials, like a server.
        self._authorize(FlightMethod.ListFlights)


class _MemoryWriter:
    def __init__(self, upload: TopicUpload) -> None:
        self._upload = upload

    def write_batch(self, batch: pa.RecordBatch) -> None:
        self._upload.append(batch)

    def close(self) -> None:
        self._upload.commit()

    def abort(self) -> None:
        self._upload.abort()


class _MemoryReader:
    def __init__(self, schema: pa.Schema, batches: Iterator[pa.RecordBatch],
                 ontology_tag: str) -> None:
        self._schema = schema
        self._batches = batches
        self._tag = ontology_tag or None

    @property
    def schema(self) -> pa.Schema:
        return self._schema

    @property
    def ontology_tag(self) -> str | None:
        return self._tag

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        return self._batches

    def close(self) -> None:
        self._batches = iter(())


class InMemoryTopicStreams(EngineClient):
    """:class:`~mosaicolabs.ports.TopicStreams` over the engine."""

    def open_writer(
        self, sequence_name: str, topic_name: str, topic_uuid: str, schema: pa.Schema
    ) -> _MemoryWriter:
        self._authorize(FlightMethod.DoPut)
        locator = topic_locator(sequence_name, topic_name)
        return _MemoryWriter(self._engine.begin_upload(locator, topic_uuid, schema))

    def open_reader(
        self,
        sequence_name: str,
        topic_name: str,
        start_ns: int | None = None,
        end_ns: int | None = None,
    ) -> _MemoryReader:
        self._authorize(FlightMethod.DoGet)
        topic, batches = self._engine.read_topic(
            topic_locator(sequence_name, topic_name), start_ns, end_ns
        )
        schema = topic.schema or pa.schema([pa.field("timestamp_ns", pa.int64(), False)])
        return _MemoryReader(schema, batches, topic.ontology_tag)
