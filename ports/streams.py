"""Port: moving record batches in and out of topics."""

from __future__ import annotations

from typing import Iterator, Protocol, runtime_checkable

import pyarrow as pa

__all__ = ["TopicStreamReader", "TopicStreamWriter", "TopicStreams"]


@runtime_checkable
class TopicStreamWriter(Protocol):
    """An open upload into one topic. Closing it completes (locks) the topic."""

    def write_batch(self, batch: pa.RecordBatch) -> None:
        """Send one record batch with the stream's schema."""
        ...

    def close(self) -> None:
        """Finish the upload and wait until the server has stored and locked it."""
        ...


@runtime_checkable
class TopicStreamReader(Protocol):
    """An open download of one topic's rows, sorted by ``timestamp_ns``."""

    @property
    def schema(self) -> pa.Schema:
        """Schema of the batches."""
        ...

    @property
    def ontology_tag(self) -> str | None:
        """Tag of the topic's data model as the stream declares it; ``None`` if it does not."""
        ...

    def __iter__(self) -> Iterator[pa.RecordBatch]: ...

    def close(self) -> None:
        """Stop reading and release the stream."""
        ...


@runtime_checkable
class TopicStreams(Protocol):
    """Open writers and readers on topics."""

    def open_writer(
        self, sequence_name: str, topic_name: str, topic_uuid: str, schema: pa.Schema
    ) -> TopicStreamWriter:
        """Start the single upload of a freshly created topic."""
        ...

    def open_reader(
        self,
        sequence_name: str,
        topic_name: str,
        start_ns: int | None = None,
        end_ns: int | None = None,
    ) -> TopicStreamReader:
        """Read the rows with ``start_ns <= timestamp_ns < end_ns`` (bounds optional)."""
        ...
