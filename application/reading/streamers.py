"""Data streamers: messages of one topic, or of several topics merged by time.

A topic streamer decodes one record batch at a time, so memory stays bounded
by the server's batch size. The sequence streamer merges its topics with a
heap keyed on ``(timestamp_ns, topic position)``: O(log k) per message for k
topics; equal timestamps come out in the order the topics were given (by name
when all topics are read), and rows of one topic keep their stored order.
"""

from __future__ import annotations

import heapq
import json
from typing import Iterator

import pyarrow as pa

from mosaicolabs.domain.errors import ClientClosedError
from mosaicolabs.domain.ontology.columns import batch_to_messages
from mosaicolabs.domain.ontology.message import Message
from mosaicolabs.domain.ontology.registry import model_for_tag
from mosaicolabs.domain.ontology.serializable import Serializable
from mosaicolabs.ports.streams import TopicStreamReader, TopicStreams

__all__ = ["SequenceDataStreamer", "TopicDataStreamer", "tag_from_schema"]


def tag_from_schema(schema: pa.Schema, fallback: str) -> str:
    """Ontology tag from the stream's ``mosaico:properties`` metadata, else ``fallback``."""
    raw = (schema.metadata or {}).get(b"mosaico:properties")
    try:
        tag = json.loads(raw).get("ontology_tag") if raw else None
    except (ValueError, AttributeError):
        tag = None
    return tag or fallback


class TopicDataStreamer:
    """Iterate the messages of one topic in time order, within ``[start, end)``.

    Use as a context manager (or call :meth:`close`) to release the stream early.
    """

    def __init__(
        self,
        streams: TopicStreams,
        sequence_name: str,
        topic_name: str,
        ontology_tag: str,
        start_ns: int | None = None,
        end_ns: int | None = None,
        read_ticket: bytes | None = None,
    ) -> None:
        self._streams = streams
        self._args = (sequence_name, topic_name, start_ns, end_ns, read_ticket)
        self._tag = ontology_tag
        self._reader: TopicStreamReader | None = None
        self._closed = False
        self.topic_name = topic_name

    def _open(self) -> TopicStreamReader:
        if self._closed:
            raise ClientClosedError(f"streamer of {self.topic_name} is closed")
        if self._reader is None:
            self._reader = self._streams.open_reader(*self._args)
        return self._reader

    @property
    def schema(self) -> pa.Schema:
        """Schema of the topic's batches (opens the stream)."""
        return self._open().schema

    def model(self) -> type[Serializable]:
        """The model class the messages decode into."""
        return model_for_tag(tag_from_schema(self.schema, self._tag))

    def iter_batches(self) -> Iterator[pa.RecordBatch]:
        """The raw Arrow record batches, without building Python objects."""
        yield from self._open()

    def to_arrow(self) -> pa.Table:
        """All rows of the range as one Arrow table."""
        reader = self._open()
        return pa.Table.from_batches(list(reader), schema=reader.schema)

    def __iter__(self) -> Iterator[Message]:
        model = self.model()
        for batch in self.iter_batches():
            yield from batch_to_messages(model, batch)

    def close(self) -> None:
        """Stop reading (idempotent)."""
        self._closed = True
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.close()

    def __enter__(self) -> TopicDataStreamer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SequenceDataStreamer:
    """Messages of several topics merged by ``timestamp_ns``; yields ``(topic, message)``."""

    def __init__(self, topics: list[TopicDataStreamer]) -> None:
        self._topics = topics

    @property
    def topic_names(self) -> list[str]:
        """The merged topics, in tie-break order."""
        return [t.topic_name for t in self._topics]

    def __iter__(self) -> Iterator[tuple[str, Message]]:
        iterators = [iter(t) for t in self._topics]
        heap: list[tuple[int, int, Message]] = []
        for position, it in enumerate(iterators):
            first = next(it, None)
            if first is not None:
                heap.append((first.timestamp_ns, position, first))
        heapq.heapify(heap)
        names = self.topic_names
        while heap:
            _, position, message = heap[0]
            following = next(iterators[position], None)
            if following is None:
                heapq.heappop(heap)
            else:
                heapq.heapreplace(heap, (following.timestamp_ns, position, following))
            yield names[position], message

    def close(self) -> None:
        """Close every topic stream."""
        for topic in self._topics:
            topic.close()

    def __enter__(self) -> SequenceDataStreamer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
