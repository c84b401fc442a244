"""Catalog entities: what the server knows about sequences, sessions and topics.

These are immutable snapshots. Topic names are shown in their user-facing form
with one leading ``/`` (``/sensors/imu``); :attr:`Topic.locator` gives the wire
form ``<sequence>/<topic>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

import pyarrow as pa

from .policies import SerializationFormat
from .query.proxies import SEQUENCE_Q, TOPIC_Q, CatalogQuery
from .timeutil import ns_to_datetime

__all__ = ["Sequence", "Session", "TimeRange", "Topic"]


@dataclass(frozen=True)
class TimeRange:
    """Closed interval ``[start_ns, end_ns]`` of stored ``timestamp_ns`` values."""

    start_ns: int
    end_ns: int


@dataclass(frozen=True)
class Session:
    """One upload batch into a sequence.

    Attributes:
        uuid: The session id.
        created_at_ns: When it was opened.
        completed_at_ns: When it was finalized, or ``None`` while open.
        topics: Names (``/name`` form) of its topics; the server writes this list when the
            session is finalized, so it is empty while the session is open.
    """

    uuid: str
    created_at_ns: int
    completed_at_ns: int | None = None
    topics: tuple[str, ...] = ()

    @property
    def locked(self) -> bool:
        """True once the session is finalized; no topic can be added then."""
        return self.completed_at_ns is not None

    @property
    def created_datetime(self) -> datetime:
        """Creation time as an aware UTC datetime."""
        return ns_to_datetime(self.created_at_ns)

    @property
    def created_timestamp(self) -> int:
        """Creation time in ns (the official client's name for :attr:`created_at_ns`)."""
        return self.created_at_ns

    @property
    def completed_timestamp(self) -> int | None:
        """Finalization time in ns, ``None`` while open (official name of ``completed_at_ns``)."""
        return self.completed_at_ns


@dataclass(frozen=True)
class Topic:
    """A data channel of a sequence with one ontology and one upload.

    Attributes:
        sequence_name: The parent sequence.
        name: Topic name in ``/name`` form.
        ontology_tag: Tag of the data model (e.g. ``"imu"``); empty if unknown.
        serialization_format: Storage layout hint.
        user_metadata: Free JSON metadata given at creation.
        created_at_ns: Creation time.
        completed_at_ns: When its upload completed, else ``None``.
        locked: True once its upload completed.
        chunks_number: Number of stored record batches.
        total_bytes: Stored data size in bytes.
        time_range: First and last stored timestamp, or ``None`` without data.
        schema: The stored Arrow schema, when known.
    """

    #: Query fields of the topic block: ``Topic.Q.user_metadata["a.b"].eq(1)``.
    Q: ClassVar[CatalogQuery] = TOPIC_Q

    sequence_name: str
    name: str
    ontology_tag: str = ""
    serialization_format: SerializationFormat = SerializationFormat.Default
    user_metadata: dict[str, Any] = field(default_factory=dict)
    created_at_ns: int = 0
    completed_at_ns: int | None = None
    locked: bool = False
    chunks_number: int = 0
    total_bytes: int = 0
    time_range: TimeRange | None = None
    schema: pa.Schema | None = None

    @property
    def locator(self) -> str:
        """Wire locator ``<sequence>/<topic>``."""
        return f"{self.sequence_name}/{self.name.lstrip('/')}"

    @property
    def created_timestamp(self) -> int:
        """Creation time in ns (the official client's name for :attr:`created_at_ns`)."""
        return self.created_at_ns

    @property
    def total_size_bytes(self) -> int:
        """Stored size in bytes (the official client's name for :attr:`total_bytes`)."""
        return self.total_bytes


@dataclass(frozen=True)
class Sequence:
    """A named recording: metadata, sessions and the topics they created.

    Attributes:
        name: The sequence name.
        user_metadata: Free JSON metadata given at creation.
        created_at_ns: Creation time.
        sessions: Its sessions, oldest first.
        topics: Its topics (all sessions), with their data statistics.
    """

    #: Query fields of the sequence block: ``Sequence.Q.name.match("drive")``.
    Q: ClassVar[CatalogQuery] = SEQUENCE_Q

    name: str
    user_metadata: dict[str, Any] = field(default_factory=dict)
    created_at_ns: int = 0
    sessions: tuple[Session, ...] = ()
    topics: tuple[Topic, ...] = ()

    @property
    def topic_names(self) -> list[str]:
        """Names (``/name`` form) of all topics, in session order, without repeats."""
        names = dict.fromkeys(t for s in self.sessions for t in s.topics)
        names.update(dict.fromkeys(t.name for t in self.topics))
        return list(names)

    @property
    def created_timestamp(self) -> int:
        """Creation time in ns (the official client's name for :attr:`created_at_ns`)."""
        return self.created_at_ns

    @property
    def updated_timestamps(self) -> list[int]:
        """Creation times in ns of the sequence's sessions, in session order."""
        return [s.created_at_ns for s in self.sessions]

    @property
    def total_size_bytes(self) -> int:
        """Sum of the stored sizes of all topics."""
        return sum(t.total_bytes for t in self.topics)

    @property
    def time_range(self) -> TimeRange | None:
        """Smallest start and largest end over topics that hold data."""
        ranges = [t.time_range for t in self.topics if t.time_range is not None]
        if not ranges:
            return None
        return TimeRange(min(r.start_ns for r in ranges), max(r.end_ns for r in ranges))
