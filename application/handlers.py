"""Handlers: user-facing views of one sequence or one topic.

A handler holds a catalog snapshot taken when it was created (or reloaded);
its properties never touch the network. ``reload()`` takes a fresh snapshot.
The topic handler and the common parts live in :mod:`.topic_handler`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from mosaicolabs.domain.catalog import Sequence, Session
from mosaicolabs.domain.errors import NotFoundError
from mosaicolabs.domain.names import clean_topic_name
from mosaicolabs.domain.policies import SessionLevelErrorPolicy
from mosaicolabs.domain.timeutil import ns_to_datetime

from .data_ports import DataPorts
from .reading.streamers import SequenceDataStreamer, TopicDataStreamer
from .tables import to_pandas
from .topic_handler import HandlerBase, TopicHandler, UnknownTopicError, no_data_error
from .writing.limits import BatchLimits
from .writing.session_writer import SequenceUpdater

if TYPE_CHECKING:  # pragma: no cover - pandas is an optional extra
    import pandas as pd

__all__ = ["SequenceHandler", "TopicHandler", "UnknownTopicError"]


class SequenceHandler(HandlerBase):
    """A sequence: metadata, sessions, topics and statistics."""

    def __init__(self, ports: DataPorts, sequence: Sequence) -> None:
        super().__init__(ports)
        self._sequence = sequence
        self._topic_handlers: dict[str, TopicHandler] = {}

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

    def get_topic_handler(self, topic_name: str, force_new_instance: bool = False
                          ) -> TopicHandler:
        """Handler of one of this sequence's topics, cached by this handler.

        Args:
            topic_name: ``/name`` or ``name`` (surrounding slashes are dropped).
            force_new_instance: Close the cached handler and make a fresh one.

        Raises:
            UnknownTopicError: (a ``ValueError``, as in the official client, and a
                ``NotFoundError``) the sequence has no such topic.
        """
        self._check_open()
        wanted = clean_topic_name(topic_name)
        if wanted not in self.topics:
            raise UnknownTopicError(
                f"Topic '{topic_name}' not available in sequence '{self.name}' "
                f"(its topics: {self.topics})", resource=f"{self.name}{wanted}")
        cached = self._topic_handlers.pop(wanted, None)
        if cached is not None and force_new_instance:
            cached.close()
            cached = None
        if cached is None:
            try:
                cached = TopicHandler(self._ports, self._catalog.describe_topic(self.name, wanted))
            except NotFoundError as exc:  # listed in the snapshot, gone since
                raise UnknownTopicError(f"Topic '{topic_name}' not available in sequence "
                                        f"'{self.name}': {exc}", resource=exc.resource) from exc
        self._topic_handlers[wanted] = cached
        return cached

    def get_data_streamer(
        self,
        topics: list[str] | None = None,
        start_timestamp_ns: int | None = None,
        end_timestamp_ns: int | None = None,
    ) -> SequenceDataStreamer:
        """Messages of several topics merged by time; yields ``(topic_name, message)``.

        Args:
            topics: Topic names to read; ``None`` or empty: every topic that holds data.
                Named topics without data are left out.
            start_timestamp_ns: Inclusive lower bound.
            end_timestamp_ns: Exclusive upper bound.

        Raises:
            UnknownTopicError: (a ``ValueError`` and a ``NotFoundError``) a topic is unknown.
            InvalidRequestError: (a ``ValueError``) the snapshot says the sequence holds no
                data (as in the official client).
        """
        self._check_open()
        wanted = [clean_topic_name(n) for n in topics or ()]
        unknown = [n for n in wanted if n not in self.topics]
        if unknown:
            raise UnknownTopicError(
                f"Invalid input topic names {unknown}. Available topics in sequence "
                f"'{self.name}': {self.topics}", resource=self.name)
        if self._sequence.time_range is None:
            raise no_data_error("sequence", self.name)
        with_data = {t.name for t in self._sequence.topics if t.time_range is not None}
        if wanted:
            names = [n for n in dict.fromkeys(wanted) if n in with_data]
        else:
            names = sorted(with_data)
        # The tag comes with each stream's metadata: no extra look-up per topic.
        streamers = [TopicDataStreamer(self._ports.streams, self.name, name, "",
                                       start_timestamp_ns, end_timestamp_ns) for name in names]
        return self._spawned(SequenceDataStreamer(streamers))

    def to_pandas(self, topics: list[str] | None = None, start_timestamp_ns: int | None = None,
                  end_timestamp_ns: int | None = None) -> dict[str, pd.DataFrame]:
        """One pandas DataFrame per topic (topic name → frame; ``None`` or empty: all
        topics). Needs the ``pandas`` extra."""
        self._check_open()
        names = [clean_topic_name(t) for t in topics] if topics else self.topics
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

    def reload(self) -> bool:
        """Refresh the snapshot from the server: ``True``, or ``False`` if the sequence is
        gone (as in the official client). Cached topic handlers keep their snapshots."""
        self._check_open()
        try:
            self._sequence = self._catalog.describe_sequence(self._sequence.name)
        except NotFoundError:
            return False
        return True

    def close(self) -> None:
        """Close the streamers and cached topic handlers it opened; it stays usable."""
        super().close()
        handlers, self._topic_handlers = list(self._topic_handlers.values()), {}
        for handler in handlers:
            handler.close()

    def _detach(self) -> None:
        for handler in self._topic_handlers.values():
            handler._detach()
        super()._detach()

    def __repr__(self) -> str:
        return f"SequenceHandler({self._sequence.name!r}, topics={len(self.topics)})"
