"""Import a recording as a new sequence: one topic per recorded topic, columnar batches.

Messages are decoded one by one into per-topic lists; a topic's list becomes one
``RecordBatch`` (``mapping.to_batch``) and is pushed as soon as it holds
``batch_size`` messages, so memory stays bounded whatever the file size. The
sequence is written with the ``Delete`` session policy: an import that fails
leaves no sequence behind that could pass for a complete one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from mosaicolabs.domain.errors import InvalidRequestError, NotFoundError
from mosaicolabs.domain.policies import SessionLevelErrorPolicy
from mosaicolabs.ports.recordings import (
    MessageMapping,
    RecordedTopic,
    RecordingReader,
)

from .metadata import topic_metadata

__all__ = ["ImportProgress", "ImportSummary", "MappingLookup", "RecordingDecodeError",
           "TopicImport", "import_recording", "select_topics"]

#: ``(ros_type, definition, types) -> MessageMapping``: the mapping registry.
MappingLookup = Callable[[str, str, Any], MessageMapping]
OnError = Literal["skip", "raise"]
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


class _TopicSink:
    """A topic being imported: its mapping, writer, pending messages and counts."""

    def __init__(self, topic: RecordedTopic, mapping: MessageMapping, writer: Any) -> None:
        self.topic, self.mapping, self.writer = topic, mapping, writer
        self.report = TopicImport(topic.name, topic.ros_type,
                                  str(getattr(mapping.model, "__ontology_tag__", "")))
        self.times: list[int] = []
        self.messages: list[Any] = []

    def skip(self, reason: str) -> None:
        self.report.skipped += 1
        reasons = self.report.skip_reasons
        if reason not in reasons and len(reasons) >= _MAX_REASONS:
            reason = "other reasons"
        reasons[reason] = reasons.get(reason, 0) + 1

    def flush(self) -> None:
        if self.messages:
            self.writer.push_batch(self.mapping.to_batch(self.times, self.messages))
            self.report.messages += len(self.messages)
            self.times, self.messages = [], []


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
) -> ImportSummary:
    """Import the messages of ``reader`` as the new sequence ``sequence_name``.

    See :func:`mosaicolabs.recordings.import_recording` for the parameters.

    Raises:
        NotFoundError: a requested topic is not in the recording.
        RecordingDecodeError: a message does not decode and ``on_error="raise"``.
        RecordingFormatError: the file breaks off or is damaged between messages.
    """
    if on_error not in ("skip", "raise"):
        raise InvalidRequestError(f"on_error must be 'skip' or 'raise', not {on_error!r}")
    if batch_size < 1:
        raise InvalidRequestError(f"batch_size must be at least 1, not {batch_size}")
    started = time.perf_counter()
    selected = select_topics(reader, topics)
    mappings = {t.name: mapping_for(t.ros_type, t.definition, reader.types) for t in selected}
    total = sum(t.count for t in selected)
    done = volume = 0
    with client.sequence_create(sequence_name, dict(metadata or {}),
                                on_error=SessionLevelErrorPolicy.Delete) as session:
        sinks = {t.name: _TopicSink(t, mappings[t.name], session.topic_create(
            t.name, topic_metadata(t), mappings[t.name].model)) for t in selected}
        for message in reader.messages([t.name for t in selected]):
            sink = sinks[message.topic]
            try:
                decoded = reader.decode(sink.topic, message.data)
            except ValueError as exc:
                if on_error == "raise":
                    raise RecordingDecodeError(
                        f"{message.topic}: the message logged at {message.log_time_ns} ns "
                        f"{exc}; the import stopped and the sequence is not kept",
                        action="import recording", resource=message.topic) from exc
                sink.skip(str(exc))
                continue
            sink.times.append(message.log_time_ns)
            sink.messages.append(decoded)
            sink.report.bytes += len(message.data)
            done += 1
            volume += len(message.data)
            if len(sink.messages) >= batch_size:
                sink.flush()
                if progress is not None:
                    progress(ImportProgress(done, total, volume))
        for sink in sinks.values():
            sink.flush()
    if progress is not None:
        progress(ImportProgress(done, total, volume))
    return ImportSummary(sequence_name, [s.report for s in sinks.values()],
                         time.perf_counter() - started)
