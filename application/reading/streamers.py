"""Data streamers: messages of one topic, or of several topics merged by time.

A topic streamer decodes one record batch at a time, so memory stays bounded
by the server's batch size. The sequence streamer merges its topics with a
heap keyed on ``(timestamp_ns, topic position)``: O(log k) per message for k
topics; equal timestamps come out in the order the topics were given (by name
when all topics are read), and rows of one topic keep their stored order.

Both are iterators, as in the official client, and ``next_timestamp()`` peeks at
the next message's ``timestamp_ns`` without consuming it (``None`` at the end).
"""

from __future__ import annotations

import heapq
from itertools import chain
from typing import Iterator

import pyarrow as pa

from mosaicolabs.domain.errors import ClientClosedError
from mosaicolabs.domain.ontology.columns import batch_to_messages
from mosaicolabs.domain.ontology.message import Message
from mosaicolabs.domain.ontology.registry import model_for_tag
from mosaicolabs.domain.ontology.serializable import Serializable
from mosaicolabs.ports.streams import TopicStreamReader, TopicStreams

__all__ = ["SequenceDataStreamer", "TopicDataStreamer"]


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
    ) -> None:
        self._streams = streams
        self._args = (sequence_name, topic_name, start_ns, end_ns)
        self._tag = ontology_tag
        self._reader: TopicStreamReader | None = None
        self._closed = False
        self._rows: Iterator[Message] | None = None
        self._peeked: Message | None = None
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

    def name(self) -> str:
        """The topic's name (a method, as in the official client)."""
        return self.topic_name

    @property
    def ontology_tag(self) -> str:
        """Tag of the topic's data model, as its stream declares it (opens the stream)."""
        return self._open().ontology_tag or self._tag

    def model(self) -> type[Serializable]:
        """The model class the messages decode into."""
        return model_for_tag(self.ontology_tag)

    def iter_batches(self) -> Iterator[pa.RecordBatch]:
        """The raw Arrow record batches, without building Python objects."""
        yield from self._open()

    def to_arrow(self) -> pa.Table:
        """All rows of the range as one Arrow table."""
        reader = self._open()
        return pa.Table.from_batches(list(reader), schema=reader.schema)

    def _decoded(self) -> Iterator[Message]:
        model = self.model()  # opens the stream
        reader = self._open()
        return chain.from_iterable(batch_to_messages(model, batch) for batch in reader)

    def next_timestamp(self) -> int | None:
        """``timestamp_ns`` of the next message, without consuming it; ``None`` at the end."""
        if self._peeked is None:
            self._peeked = next(self._started(), None)
        return None if self._peeked is None else self._peeked.timestamp_ns

    def _started(self) -> Iterator[Message]:
        if self._rows is None:
            if self._closed:
                raise ClientClosedError(f"streamer of {self.topic_name} is closed")
            self._rows = self._decoded()
        return self._rows

    def __iter__(self) -> Iterator[Message]:
        # A generator over the shared state, cheaper per message than __next__; a peek
        # (next_timestamp) or close() made during the loop is seen at the next message.
        while True:
            message = self._peeked
            if message is not None:
                self._peeked = None
                yield message
                continue
            for message in self._started():
                yield message
                if self._peeked is not None or self._rows is None:
                    break
            else:
                return

    def __next__(self) -> Message:
        message = self._peeked
        if message is not None:
            self._peeked = None
            return message
        return next(self._started())

    def close(self) -> None:
        """Stop reading (idempotent); reading on raises ``ClientClosedError``."""
        self._closed = True
        self._rows, self._peeked = None, None
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
        self._heap: list[tuple[int, int, Message]] | None = None
        self._rows: list[Iterator[Message]] = []

    @property
    def topic_names(self) -> list[str]:
        """The merged topics, in tie-break order."""
        return [t.topic_name for t in self._topics]

    def _merge_heap(self) -> list[tuple[int, int, Message]]:
        if self._heap is None:  # the first message of every topic
            self._rows = [iter(topic) for topic in self._topics]
            heap: list[tuple[int, int, Message]] = []
            for position, rows in enumerate(self._rows):
                first = next(rows, None)
                if first is not None:
                    heap.append((first.timestamp_ns, position, first))
            heapq.heapify(heap)
            self._heap = heap
        return self._heap

    def next_timestamp(self) -> int | None:
        """Smallest next ``timestamp_ns`` of the topics, not consumed; ``None`` at the end."""
        heap = self._merge_heap()
        return heap[0][0] if heap else None

    def __iter__(self) -> Iterator[tuple[str, Message]]:
        heap, rows, names = self._merge_heap(), self._rows, self.topic_names
        while heap:
            _, position, message = heap[0]
            following = next(rows[position], None)
            if following is None:
                heapq.heappop(heap)
            else:
                heapq.heapreplace(heap, (following.timestamp_ns, position, following))
            yield names[position], message

    def __next__(self) -> tuple[str, Message]:
        for item in self:  # one step of the same merge
            return item
        raise StopIteration

    def close(self) -> None:
        """Close every topic stream."""
        for topic in self._topics:
            topic.close()

    def __enter__(self) -> SequenceDataStreamer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
