"""The topic handler, and what every handler shares: its snapshot, streamers and closing.

A handler holds a catalog snapshot taken when it was created (or reloaded);
its properties never touch the network. ``reload()`` takes a fresh snapshot
and says whether it could (``False`` once the resource is gone), as the
official client's ``SequenceHandler.reload()`` does.

``close()`` releases what the handler opened (its data streamers) and leaves the
handler usable, as in the official client. Only the client's own ``close()``
detaches handlers for good: after it, network calls raise ``ClientClosedError``.
"""

from __future__ import annotations

import weakref
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import pyarrow as pa

from mosaicolabs.domain.catalog import Topic
from mosaicolabs.domain.errors import (
    ClientClosedError,
    InvalidRequestError,
    NotFoundError,
    UnknownTopicError,
)
from mosaicolabs.domain.timeutil import ns_to_datetime

from .data_ports import DataPorts
from .reading.streamers import SequenceDataStreamer, TopicDataStreamer
from .tables import to_pandas

if TYPE_CHECKING:  # pragma: no cover - pandas is an optional extra
    import pandas as pd

__all__ = ["TopicHandler", "UnknownTopicError", "no_data_error"]

_S = TypeVar("_S", TopicDataStreamer, SequenceDataStreamer)


def no_data_error(kind: str, name: str) -> InvalidRequestError:
    """The official client's refusal to stream a topic or sequence without data."""
    return InvalidRequestError(
        f"Unable to get the data-stream for {kind} {name}. The {kind} might contain no data "
        "or could not derive 'min' and 'max' timestamps.", resource=name)


class HandlerBase:
    """What the sequence and topic handlers share: their streamers and closing."""

    def __init__(self, ports: DataPorts) -> None:
        self._ports = ports
        self._catalog = ports.catalog
        self._detached = False
        self._streamers: weakref.WeakSet[Any] = weakref.WeakSet()

    def close(self) -> None:
        """Close the data streamers this handler opened; the handler stays usable."""
        streamers, self._streamers = list(self._streamers), weakref.WeakSet()
        for streamer in streamers:
            streamer.close()

    def _detach(self) -> None:
        """The client closed: release everything; network calls raise from now on."""
        self.close()
        self._detached = True

    def _check_open(self) -> None:
        if self._detached:
            raise ClientClosedError(f"{type(self).__name__} is closed (its client was closed)")

    def _spawned(self, streamer: _S) -> _S:
        self._streamers.add(streamer)
        return streamer


class TopicHandler(HandlerBase):
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
        """Messages with ``start <= timestamp_ns < end`` (bounds optional), in time order.

        Raises:
            InvalidRequestError: (a ``ValueError``, as in the official client) the snapshot
                says the topic holds no data (``reload()`` first if it was written since).
        """
        self._check_open()
        if self._topic.time_range is None:
            raise no_data_error("topic", self._topic.name)
        return self._spawned(self._streamer(start_timestamp_ns, end_timestamp_ns))

    def _streamer(self, start: int | None, end: int | None) -> TopicDataStreamer:
        topic = self._topic
        return TopicDataStreamer(self._ports.streams, topic.sequence_name, topic.name,
                                 topic.ontology_tag, start, end)

    def to_arrow(
        self, start_timestamp_ns: int | None = None, end_timestamp_ns: int | None = None
    ) -> pa.Table:
        """The rows of ``[start, end)`` as one Arrow table (no per-row objects; empty
        for a topic without data)."""
        self._check_open()
        with self._streamer(start_timestamp_ns, end_timestamp_ns) as streamer:
            return streamer.to_arrow()

    def to_pandas(self, start_timestamp_ns: int | None = None,
                  end_timestamp_ns: int | None = None) -> pd.DataFrame:
        """The rows of ``[start, end)`` as a pandas DataFrame (flat ``a.b`` columns,
        indexed by ``timestamp_ns``). Needs the ``pandas`` extra."""
        return to_pandas(self.to_arrow(start_timestamp_ns, end_timestamp_ns))

    def reload(self) -> bool:
        """Refresh the snapshot from the server: ``True``, or ``False`` if the topic is gone."""
        self._check_open()
        try:
            self._topic = self._catalog.describe_topic(self._topic.sequence_name,
                                                       self._topic.name)
        except NotFoundError:
            return False
        return True

    def __repr__(self) -> str:
        return f"TopicHandler({self._topic.sequence_name!r}, {self._topic.name!r})"
