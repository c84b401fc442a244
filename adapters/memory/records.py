"""Mutable records kept by the engine, and their immutable domain snapshots."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from mosaicolabs.domain.catalog import Sequence, Session, TimeRange, Topic
from mosaicolabs.domain.notifications import Notification, NotificationType
from mosaicolabs.domain.policies import SerializationFormat
from mosaicolabs.domain.timeutil import ns_to_datetime

__all__ = ["NotificationRecord", "SequenceRecord", "SessionRecord", "TopicRecord"]


@dataclass
class NotificationRecord:
    """A stored notification; ``locator`` is ``<seq>`` or ``<seq>/<topic>``."""

    locator: str
    message: str
    created_at_ns: int
    type: NotificationType = NotificationType.ERROR

    def snapshot(self) -> Notification:
        sequence, _, topic = self.locator.partition("/")
        return Notification(
            sequence_name=sequence,
            type=self.type,
            message=self.message,
            created_datetime=ns_to_datetime(self.created_at_ns),
            topic_name=f"/{topic}" if topic else None,
        )


@dataclass
class TopicRecord:
    """A topic, its upload state and its stored data (sorted by ``timestamp_ns``).

    ``chunk_ids`` says which stored chunk (see :mod:`.uploads`) each row came in,
    for queries that report per-chunk time ranges as mosaicod 0.3.0 does.
    """

    uuid: str
    locator: str
    session_uuid: str
    ontology_tag: str
    serialization_format: SerializationFormat
    user_metadata: dict[str, Any]
    created_at_ns: int
    completed_at_ns: int | None = None
    uploading: bool = False
    schema: pa.Schema | None = None
    table: pa.Table | None = None
    chunks_number: int = 0
    total_bytes: int = 0
    notifications: list[NotificationRecord] = field(default_factory=list)
    # Each row's stored chunk (int32, aligned with ``table``); None for one chunk or fewer.
    chunk_ids: pa.Array | None = None

    @property
    def sequence_name(self) -> str:
        return self.locator.partition("/")[0]

    @property
    def name(self) -> str:
        """User-facing name, ``/<topic>``."""
        return "/" + self.locator.partition("/")[2]

    @property
    def locked(self) -> bool:
        return self.completed_at_ns is not None

    def time_range(self) -> TimeRange | None:
        if self.table is None or self.table.num_rows == 0:
            return None
        ts = self.table.column("timestamp_ns")
        # The table is sorted at commit time, so the ends are the bounds.
        return TimeRange(int(ts[0].as_py()), int(ts[-1].as_py()))

    def snapshot(self) -> Topic:
        return Topic(
            sequence_name=self.sequence_name,
            name=self.name,
            ontology_tag=self.ontology_tag,
            serialization_format=self.serialization_format,
            user_metadata=copy.deepcopy(self.user_metadata),
            created_at_ns=self.created_at_ns,
            completed_at_ns=self.completed_at_ns,
            locked=self.locked,
            chunks_number=self.chunks_number,
            total_bytes=self.total_bytes,
            time_range=self.time_range(),
            schema=self.schema,
        )


@dataclass
class SessionRecord:
    """An upload session and the locators of the topics created in it."""

    uuid: str
    sequence_name: str
    created_at_ns: int
    completed_at_ns: int | None = None
    topic_locators: list[str] = field(default_factory=list)

    @property
    def locked(self) -> bool:
        return self.completed_at_ns is not None

    def snapshot(self) -> Session:
        return Session(
            uuid=self.uuid,
            created_at_ns=self.created_at_ns,
            completed_at_ns=self.completed_at_ns,
            topics=tuple("/" + loc.partition("/")[2] for loc in self.topic_locators),
        )


@dataclass
class SequenceRecord:
    """A sequence, the uuids of its sessions and its own notifications."""

    name: str
    user_metadata: dict[str, Any]
    created_at_ns: int
    session_uuids: list[str] = field(default_factory=list)
    notifications: list[NotificationRecord] = field(default_factory=list)

    def snapshot(self, sessions: list[SessionRecord], topics: list[TopicRecord]) -> Sequence:
        return Sequence(
            name=self.name,
            user_metadata=copy.deepcopy(self.user_metadata),
            created_at_ns=self.created_at_ns,
            sessions=tuple(s.snapshot() for s in sessions),
            topics=tuple(t.snapshot() for t in topics),
        )
