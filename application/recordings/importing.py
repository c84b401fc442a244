"""Import a recording as a new sequence: one topic per recorded topic, columnar batches.

Serialized messages wait in per-topic lists; a topic's list is decoded into one
``RecordBatch`` and pushed as soon as it holds ``batch_size`` messages or
``batch_bytes`` bytes, so memory stays bounded whatever the file size. A reader that
decodes batches (:class:`BatchDecodingReader`) reads what it can straight into columns;
the rest is decoded message by message (``reader.decode``, ``mapping.to_batch``). A
thread reads and decodes (:mod:`.pipeline`) while the calling thread pushes, at most
``prefetch`` decoded batches ahead, in the order the batches filled. The
sequence is written with the ``Delete`` session policy: an import that fails
leaves no sequence behind that could pass for a complete one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, closing
from dataclasses import dataclass, field
from typing import Any, Literal

import pyarrow as pa

from mosaicolabs.domain.errors import InvalidRequestError, NotFoundError
from mosaicolabs.domain.policies import SessionLevelErrorPolicy
from mosaicolabs.ports.recordings import (
    BatchDecoder,
    BatchDecodingReader,
    MessageMapping,
    RecordedTopic,
    RecordingReader,
)

from .metadata import topic_metadata
from .pipeline import Prefetcher

__all__ = ["ImportProgress", "ImportSummary", "MappingLookup", "RecordingDecodeError",
           "TopicImport", "import_recording", "select_topics"]

#: ``(ros_type, definition, types) -> MessageMapping``: the mapping registry.
MappingLookup = Callable[[str, str, Any], MessageMapping]
OnError = Literal["skip", "raise"]
#: Pending serialized bytes per topic that make it push (the client's default batch limit).
DEFAULT_BATCH_BYTES = 4 * 1024 * 1024
#: Decoded batches a reader thread keeps ready while the calling thread pushes.
DEFAULT_PREFETCH = 2
_MAX_REASONS = 20  # distinct skip reasons kept per topic; further ones are counted as "other"


class RecordingDecodeError(InvalidRequestError):
    """A message of the recording does not decode (with ``on_error="raise"``)."""


@dataclass
class TopicImport:
    """What the import did with one topic."""

    name: str
    ros_type: str
    ontology_tag: str  #: the model the topic is stored as
    messages: int = 0  #: messages imported
    bytes: int = 0  #: serialized size of those messages in the recording
    skipped: int = 0  #: messages left out (``on_error="skip"``)
    skip_reasons: dict[str, int] = field(default_factory=dict)  #: reason -> count


@dataclass
class ImportSummary:
    """The result of :func:`import_recording`."""

    sequence: str
    topics: list[TopicImport]
    seconds: float

    @property
    def messages(self) -> int:
        """Messages imported, all topics."""
        return sum(t.messages for t in self.topics)

    @property
    def bytes(self) -> int:
        """Serialized bytes of the imported messages."""
        return sum(t.bytes for t in self.topics)

    @property
    def skipped(self) -> int:
        """Messages left out because they did not decode."""
        return sum(t.skipped for t in self.topics)

    @property
    def messages_per_second(self) -> float:
        """Import throughput."""
        return self.messages / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class ImportProgress:
    """Sent to the progress callback after each pushed batch and at the end."""

    messages_done: int
    messages_total: int  #: from the file's index (0 when it does not say)
    bytes_done: int


def select_topics(reader: RecordingReader, topics: Sequence[str] | None) -> list[RecordedTopic]:
    """The reader's topics named in ``topics`` (all when ``None``), in file order.

    Raises:
        NotFoundError: a requested topic is not in the recording (the message lists them).
    """
    available = reader.topics()
    if topics is None:
        return available
    by_name = {t.name: t for t in available}
    missing = [name for name in topics if name not in by_name]
    if missing:
        raise NotFoundError(f"the recording has no topic {', '.join(map(repr, missing))} "
                            f"(it has: {', '.join(sorted(by_name)) or 'none'})",
                            resource=missing[0])
    wanted = set(topics)
    return [t for t in available if t.name in wanted]


@dataclass
class _Ready:
    """A decoded batch of one topic, waiting to be pushed."""

    sink: _TopicSink
    batch: pa.RecordBatch | None  #: None: every pending message was skipped
    messages: int
    bytes: int
    filled: bool = False  #: pushed because the topic reached a batch limit (not at the end)


class _TopicSink:
    """A topic being imported: its mapping, writer, pending payloads and counts."""

    def __init__(self, topic: RecordedTopic, mapping: MessageMapping, writer: Any,
                 decoder: BatchDecoder | None) -> None:
        self.topic, self.mapping, self.writer, self.decoder = topic, mapping, writer, decoder
        self.report = TopicImport(topic.name, topic.ros_type,
                                  str(getattr(mapping.model, "__ontology_tag__", "")))
        self.times: list[int] = []
        self.payloads: list[bytes] = []
        self.pending_bytes = 0

    def skip(self, reason: str) -> None:
        self.report.skipped += 1
        reasons = self.report.skip_reasons
        if reason not in reasons and len(reasons) >= _MAX_REASONS:
            reason = "other reasons"
        reasons[reason] = reasons.get(reason, 0) + 1

    def add(self, log_time_ns: int, data: bytes) -> None:
        self.times.append(log_time_ns)
        self.payloads.append(data)
        self.pending_bytes += len(data)

    def build(self, reader: RecordingReader, on_error: OnError) -> _Ready | None:
        """Decode the pending messages into the batch to push (None: nothing pending)."""
        times, payloads = self.times, self.payloads
        self.times, self.payloads, self.pending_bytes = [], [], 0
        if not payloads:
            return None
        parts: list[tuple[list[int], pa.RecordBatch]] = []
        rest: Sequence[int] = range(len(payloads))
        if self.decoder is not None:
            batch, rest = self.decoder.decode_batch(times, payloads)
            if batch is not None:
                done = sorted(set(range(len(payloads))) - set(rest)) if rest else list(
                    range(len(payloads)))
                parts.append((done, batch))
        decoded, kept = self._decode(reader, on_error, times, payloads, rest)
        if kept:
            parts.append((kept, self.mapping.to_batch([times[i] for i in kept], decoded)))
        batch = _merge(parts)
        if batch is None:
            return _Ready(self, None, 0, 0)
        imported = [i for indices, _ in parts for i in indices]
        return _Ready(self, batch, len(imported), sum(len(payloads[i]) for i in imported))

    def _decode(self, reader: RecordingReader, on_error: OnError, times: list[int],
                payloads: list[bytes], indices: Sequence[int]) -> tuple[list[Any], list[int]]:
        decoded: list[Any] = []
        kept: list[int] = []
        for i in indices:
            try:
                decoded.append(reader.decode(self.topic, payloads[i]))
            except ValueError as exc:
                if on_error == "raise":
                    raise RecordingDecodeError(
                        f"{self.topic.name}: the message logged at {times[i]} ns "
                        f"{exc}; the import stopped and the sequence is not kept",
                        action="import recording", resource=self.topic.name) from exc
                self.skip(str(exc))
                continue
            kept.append(i)
        return decoded, kept


def _merge(parts: list[tuple[list[int], pa.RecordBatch]]) -> pa.RecordBatch | None:
    """One batch of the parts' rows, in the order of their message indices."""
    parts = [p for p in parts if p[1].num_rows]
    if len(parts) <= 1:
        return parts[0][1] if parts else None
    positions = [i for indices, _ in parts for i in indices]
    order = sorted(range(len(positions)), key=positions.__getitem__)
    table = pa.Table.from_batches([batch for _, batch in parts]).take(pa.array(order))
    return table.combine_chunks().to_batches()[0]


def _decoder(reader: RecordingReader, topic: RecordedTopic,
             mapping: MessageMapping) -> BatchDecoder | None:
    if isinstance(reader, BatchDecodingReader):
        return reader.batch_decoder(topic, mapping)
    return None


def import_recording(
    client: Any,
    reader: RecordingReader,
    sequence_name: str,
    *,
    mapping_for: MappingLookup,
    topics: Sequence[str] | None = None,
    metadata: dict[str, Any] | None = None,
    on_error: OnError = "skip",
    progress: Callable[[ImportProgress], None] | None = None,
    batch_size: int = 1000,
    batch_bytes: int = DEFAULT_BATCH_BYTES,
    prefetch: int = DEFAULT_PREFETCH,
    topic_mappings: Mapping[str, MessageMapping] | None = None,
) -> ImportSummary:
    """Import the messages of ``reader`` as the new sequence ``sequence_name``.

    See :func:`mosaicolabs.recordings.import_recording` for the parameters. ``prefetch``
    batches are read and decoded ahead, in a thread, while the calling thread pushes
    (0: read, decode and push in turn, in the calling thread). ``topic_mappings`` names
    the mapping of some topics (by topic name), ahead of ``mapping_for``.

    Raises:
        NotFoundError: a requested topic is not in the recording.
        RecordingDecodeError: a message does not decode and ``on_error="raise"``.
        RecordingFormatError: the file breaks off or is damaged between messages.
    """
    if on_error not in ("skip", "raise"):
        raise InvalidRequestError(f"on_error must be 'skip' or 'raise', not {on_error!r}")
    if batch_size < 1:
        raise InvalidRequestError(f"batch_size must be at least 1, not {batch_size}")
    if batch_bytes < 1:
        raise InvalidRequestError(f"batch_bytes must be at least 1, not {batch_bytes}")
    if prefetch < 0:
        raise InvalidRequestError(f"prefetch must be at least 0, not {prefetch}")
    started = time.perf_counter()
    selected = select_topics(reader, topics)
    chosen = topic_mappings or {}
    mappings = {t.name: chosen.get(t.name) or mapping_for(t.ros_type, t.definition,
                                                           reader.types) for t in selected}
    total = sum(t.count for t in selected)
    done = volume = 0
    with client.sequence_create(sequence_name, dict(metadata or {}),
                                on_error=SessionLevelErrorPolicy.Delete) as session:
        sinks = {t.name: _TopicSink(t, mappings[t.name], session.topic_create(
            t.name, topic_metadata(t), mappings[t.name].model), _decoder(reader, t,
                                                                       mappings[t.name]))
            for t in selected}
        source = _decoded(reader, sinks, on_error, batch_size, batch_bytes)
        ahead: AbstractContextManager[Iterator[_Ready]] = (
            Prefetcher(source, prefetch) if prefetch else closing(source))
        with ahead as ready:
            for item in ready:
                if item.batch is not None:
                    item.sink.writer.push_batch(item.batch)
                    item.sink.report.messages += item.messages
                    item.sink.report.bytes += item.bytes
                done, volume = done + item.messages, volume + item.bytes
                if item.filled and progress is not None:
                    progress(ImportProgress(done, total, volume))
    if progress is not None:
        progress(ImportProgress(done, total, volume))
    return ImportSummary(sequence_name, [s.report for s in sinks.values()],
                         time.perf_counter() - started)


def _decoded(reader: RecordingReader, sinks: dict[str, _TopicSink], on_error: OnError,
             batch_size: int, batch_bytes: int) -> Generator[_Ready, None, None]:
    """The batches to push, in the order the sequential import pushes them."""
    for message in reader.messages(list(sinks)):
        sink = sinks[message.topic]
        sink.add(message.log_time_ns, message.data)
        if len(sink.payloads) >= batch_size or sink.pending_bytes >= batch_bytes:
            ready = sink.build(reader, on_error)
            if ready is not None:
                ready.filled = True
                yield ready
    for sink in sinks.values():
        ready = sink.build(reader, on_error)
        if ready is not None:
            yield ready
