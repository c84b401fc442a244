"""Mutable records kept by the engine, and their immutable domain snapshots.

Records of an engine with a data directory report each change of an attribute,
*before* it happens, to an observer (see :mod:`.persistence_tracking`), which
keeps what it needs to journal the change or to undo it. ``uploading`` is not
reported: an upload in flight is not state on disk, and undoing a refused change
must not end it. Attributes starting with ``_`` are bookkeeping, never reported.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from typing import Any, Callable

import pyarrow as pa

from mosaicolabs.domain.catalog import Sequence, Session, TimeRange, Topic
from mosaicolabs.domain.errors import ServerError
from mosaicolabs.domain.notifications import Notification, NotificationType
from mosaicolabs.domain.policies import SerializationFormat
from mosaicolabs.domain.timeutil import ns_to_datetime

__all__ = [
    "NotificationRecord",
    "Observed",
    "SequenceRecord",
    "SessionRecord",
    "StoredFile",
    "TopicRecord",
]

_log = logging.getLogger(__name__)

_UNREPORTED = frozenset({"uploading"})


class Observed:
    """Reports attribute changes to ``_observer`` (set when tracking starts) beforehand."""

    def __setattr__(self, name: str, value: Any) -> None:
        observer = self.__dict__.get("_observer")
        if observer is None or name.startswith("_") or name in _UNREPORTED:
            object.__setattr__(self, name, value)
            return
        observer.before_change(self, name)
        object.__setattr__(self, name, value)
        observer.after_change(self, name)


@dataclass(frozen=True)
class StoredFile:
    """What the catalog knows of a topic's data file, to check it when it is read."""

    sha256: str
    size: int


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
class TopicRecord(Observed):
    """A topic, its upload state and its stored data (sorted by ``timestamp_ns``).

    ``chunk_ids`` says which stored chunk (see :mod:`.uploads`) each row came in,
    for queries that report per-chunk time ranges as mosaicod 0.3.0 does.
    ``table`` holds the rows; a topic loaded from a data directory reads its file
    (and checks it) the first time they are needed, and a file found missing or
    damaged leaves ``table`` empty and says why in ``damage``. ``time_bounds`` is
    kept apart from the rows, so describing a topic never needs them.
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
    chunks_number: int = 0
    total_bytes: int = 0
    notifications: list[NotificationRecord] = field(default_factory=list)
    # Each row's stored chunk (int32, aligned with ``table``); None for one chunk or fewer.
    chunk_ids: pa.Array | None = None
    time_bounds: TimeRange | None = None
    stored: StoredFile | None = None  # the data file, once written

    def __post_init__(self) -> None:
        self._table: pa.Table | None = None
        self._pending: Callable[[], pa.Table] | None = None  # reads and checks the file
        self._damage: str | None = None

    @property
    def table(self) -> pa.Table | None:
        if self._pending is not None:
            self._load()
        return self._table

    @table.setter
    def table(self, value: pa.Table | None) -> None:
        self._table, self._pending, self._damage = value, None, None
        # Set past the observer: it saw "table" change, which covers the bounds.
        object.__setattr__(self, "time_bounds", _bounds(value))

    @property
    def damage(self) -> str | None:
        """Why the stored rows cannot be served (missing or damaged file), else ``None``."""
        if self._pending is not None:
            self._load()
        return self._damage

    def rows_from(self, load: Callable[[], pa.Table]) -> None:
        """Take the rows from ``load()`` when first needed (it raises ServerError if damaged)."""
        self._table, self._pending, self._damage = None, load, None

    def mark_damaged(self, problem: str) -> None:
        """The stored rows cannot be served, because of ``problem``."""
        self._table, self._pending, self._damage = None, None, problem
        _log.warning("%s", problem)

    def _load(self) -> None:
        load, self._pending = self._pending, None
        assert load is not None
        try:
            self._table = load()
        except ServerError as exc:
            self.mark_damaged(exc.message)

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
        return self.time_bounds

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


def _bounds(table: pa.Table | None) -> TimeRange | None:
    if table is None or table.num_rows == 0:
        return None
    ts = table.column("timestamp_ns")
    # The table is sorted at commit time, so the ends are the bounds.
    return TimeRange(int(ts[0].as_py()), int(ts[-1].as_py()))


@dataclass
class SessionRecord(Observed):
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
class SequenceRecord(Observed):
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
