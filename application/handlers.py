"""Handlers: user-facing views of one sequence or one topic.

A handler holds a catalog snapshot taken when it was created (or reloaded);
its properties never touch the network. ``reload()`` takes a fresh snapshot.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pyarrow as pa

from mosaicolabs.domain.catalog import Sequence, Session, Topic
from mosaicolabs.domain.errors import ClientClosedError, NotFoundError
from mosaicolabs.domain.names import topic_display_name
from mosaicolabs.domain.policies import SessionLevelErrorPolicy
from mosaicolabs.domain.timeutil import ns_to_datetime

from .data_ports import DataPorts
from .reading.streamers import SequenceDataStreamer, TopicDataStreamer
from .tables import to_pandas
from .writing.limits import BatchLimits
from .writing.session_writer import SequenceUpdater

__all__ = ["SequenceHandler", "TopicHandler"]


class _Handler:
    def __init__(self, ports: DataPorts) -> None:
        self._ports = ports
        self._catalog = ports.catalog
        self._closed = False

    def close(self) -> None:
        """Detach the handler; its snapshot stays readable, network calls raise."""
        self._closed = True

    def _check_open(self) -> None:
        if self._closed:
            raise ClientClosedError(f"{type(self).__name__} is closed (its client was closed)")


class TopicHandler(_Handler):
    """A topic of a sequence: metadata and statistics (data access comes from the streams)."""

    def __init__(self, ports: DataPorts, topic: Topic) -> None:
        super().__init__(ports)
        self._topic = topic

    @property
    def snapshot(self) -> Topic:
        """The underlying immutable :class:`~mosaicolabs.domain.catalog.Topic`."""
        return self._topic

    name = property(lambda self: self._topic.name, doc="Topic name, ``/name`` form.")
    sequence_name = property(lambda self: self._topic.sequence_name, doc="Parent sequence.")
    ontology_tag = property(lambda self: self._topic.ontology_tag, doc="Data model tag.")
    locked = property(lambda self: self._topic.locked, doc="True once its upload completed.")
    chunks_number = property(lambda self: self._topic.chunks_number, doc="Stored batches.")
    total_size_bytes = property(lambda self: self._topic.total_bytes, doc="Stored size.")
    created_timestamp = property(lambda self: self._topic.created_at_ns, doc="Creation, ns.")

    @property
    def serialization_format(self) -> str:
        """Storage layout hint: ``"default"``, ``"ragged"`` or ``"image"``."""
        return self._topic.serialization_format.value

    @property
    def user_metadata(self) -> dict[str, Any]:
        """Metadata given at creation (a copy)."""
        return dict(self._topic.user_metadata)

    @property
    def created_datetime(self) -> datetime:
        """Creation time, aware UTC."""
        return ns_to_datetime(self._topic.created_at_ns)

    @property
    def timestamp_ns_min(self) -> int | None:
        """First stored ``timestamp_ns``, or ``None`` without data."""
        return None if self._topic.time_range is None else self._topic.time_range.start_ns

    @property
    def timestamp_ns_max(self) -> int | None:
        """Last stored ``timestamp_ns``, or ``None`` without data."""
        return None if self._topic.time_range is None else self._topic.time_range.end_ns

    def get_data_streamer(
        self, start_timestamp_ns: int | None = None, end_timestamp_ns: int | None = None
    ) -> TopicDataStreamer:
        """Messages with ``start <= timestamp_ns < end`` (bounds optional), in time order."""
        self._check_open()
        return TopicDataStreamer(
            self._ports.streams,
            self._topic.sequence_name,
            self._topic.name,
            self._topic.ontology_tag,
            start_timestamp_ns,
            end_timestamp_ns,
            self._topic.read_ticket,
        )

    def to_arrow(
        self, start_timestamp_ns: int | None = None, end_timestamp_ns: int | None = None
    ) -> pa.Table:
        """The rows of ``[start, end)`` as one Arrow table (no per-row objects)."""
        with self.get_data_streamer(start_timestamp_ns, end_timestamp_ns) as streamer:
            return streamer.to_arrow()

    def to_pandas(self, start_timestamp_ns: int | None = None,
                  end_timestamp_ns: int | None = None) -> Any:
        """The rows of ``[start, end)`` as a pandas DataFrame (flat ``a.b`` columns,
        indexed by ``timestamp_ns``). Needs the ``pandas`` extra."""
        return to_pandas(self.to_arrow(start_timestamp_ns, end_timestamp_ns))

    def reload(self) -> TopicHandler:
        """Refresh the snapshot from the server; returns ``self``."""
        self._check_open()
        self._topic = self._catalog.describe_topic(self._topic.sequence_name, self._topic.name)
        return self

    def __repr__(self) -> str:
        return f"TopicHandler({self._topic.sequence_name!r}, {self._topic.name!r})"


class SequenceHandler(_Handler):
    """A sequence: metadata, sessions, topics and statistics."""

    def __init__(self, ports: DataPorts, sequence: Sequence) -> None:
        super().__init__(ports)
        self._sequence = sequence

    @property
    def snapshot(self) -> Sequence:
        """The underlying immutable :class:`~mosaicolabs.domain.catalog.Sequence`."""
        return self._sequence

    name = property(lambda self: self._sequence.name, doc="Sequence name.")
    created_timestamp = property(lambda self: self._sequence.created_at_ns, doc="Creation, ns.")
    total_size_bytes = property(lambda self: self._sequence.total_size_bytes, doc="Stored size.")

    @property
    def topics(self) -> list[str]:
        """Topic names (``/name`` form) of all sessions."""
        return self._sequence.topic_names

    @property
    def sessions(self) -> list[Session]:
        """Sessions, oldest first."""
        return list(self._sequence.sessions)

    @property
    def user_metadata(self) -> dict[str, Any]:
        """Metadata given at creation (a copy)."""
        return dict(self._sequence.user_metadata)

    @property
    def created_datetime(self) -> datetime:
        """Creation time, aware UTC."""
        return ns_to_datetime(self._sequence.created_at_ns)

    @property
    def updated_timestamps(self) -> list[int]:
        """Creation times (ns) of the sessions, i.e. when data was added."""
        return [s.created_at_ns for s in self._sequence.sessions]

    @property
    def timestamp_ns_min(self) -> int | None:
        """Earliest stored ``timestamp_ns`` over all topics, or ``None``."""
        span = self._sequence.time_range
        return None if span is None else span.start_ns

    @property
    def timestamp_ns_max(self) -> int | None:
        """Latest stored ``timestamp_ns`` over all topics, or ``None``."""
        span = self._sequence.time_range
        return None if span is None else span.end_ns

    def get_topic_handler(self, topic_name: str) -> TopicHandler | None:
        """Handler of one of this sequence's topics, or ``None`` if it has no such topic."""
        self._check_open()
        wanted = topic_display_name(topic_name)
        if wanted not in self.topics:
            return None
        return TopicHandler(self._ports, self._catalog.describe_topic(self.name, wanted))

    def get_data_streamer(
        self,
        topics: list[str] | None = None,
        start_timestamp_ns: int | None = None,
        end_timestamp_ns: int | None = None,
    ) -> SequenceDataStreamer:
        """Messages of several topics merged by time; yields ``(topic_name, message)``.

        Args:
            topics: Topic names to read (default: every topic that holds data).
            start_timestamp_ns: Inclusive lower bound.
            end_timestamp_ns: Exclusive upper bound.
        """
        self._check_open()
        by_name = {t.name: t for t in self._sequence.topics}
        if topics is None:
            names = sorted(n for n, t in by_name.items() if t.time_range is not None)
        else:
            names = [topic_display_name(n) for n in topics]
            unknown = [n for n in names if n not in by_name]
            if unknown:
                raise NotFoundError(
                    f"sequence '{self.name}' has no topics {unknown}", resource=self.name
                )
        # The tag comes with each stream's metadata: no extra look-up per topic.
        streamers = [TopicDataStreamer(self._ports.streams, self.name, name, "",
                                       start_timestamp_ns, end_timestamp_ns) for name in names]
        return SequenceDataStreamer(streamers)

    def to_pandas(self, topics: list[str] | None = None, start_timestamp_ns: int | None = None,
                  end_timestamp_ns: int | None = None) -> dict[str, Any]:
        """One pandas DataFrame per topic (topic name → frame). Needs the ``pandas`` extra."""
        self._check_open()
        names = self.topics if topics is None else [topic_display_name(t) for t in topics]
        return {name: to_pandas(self._table(name, start_timestamp_ns, end_timestamp_ns))
                for name in names}

    def _table(self, name: str, start: int | None, end: int | None) -> pa.Table:
        with TopicDataStreamer(self._ports.streams, self.name, name, "", start, end) as s:
            return s.to_arrow()

    def update(
        self,
        on_error: SessionLevelErrorPolicy = SessionLevelErrorPolicy.Report,
        max_batch_size_bytes: int | None = None,
        max_batch_size_records: int | None = None,
    ) -> SequenceUpdater:
        """A writer adding a new session to this sequence (use it in ``with``)."""
        self._check_open()
        limits = BatchLimits.from_options(max_batch_size_bytes, max_batch_size_records)
        return SequenceUpdater(self._ports, self.name, on_error, limits)

    def reload(self) -> SequenceHandler:
        """Refresh the snapshot from the server; returns ``self``."""
        self._check_open()
        self._sequence = self._catalog.describe_sequence(self._sequence.name)
        return self

    def __repr__(self) -> str:
        return f"SequenceHandler({self._sequence.name!r}, topics={len(self.topics)})"
