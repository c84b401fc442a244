"""Export a sequence to a recording: every topic that came from a ROS recording.

Each topic's Arrow batches are streamed, turned back into ROS messages by the
mapping of the ROS type its metadata keeps (``mapping.from_batch``), and the
topics are merged by log time while writing, so the file is in time order and
memory holds about one batch per topic.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from mosaicolabs.domain.errors import NotFoundError
from mosaicolabs.ports.recordings import MessageMapping, RecordedTopic, RecordingWriter

from .importing import MappingLookup
from .metadata import recorded_topic

__all__ = ["ExportSummary", "TopicExport", "export_recording"]


@dataclass
class TopicExport:
    """What the export wrote for one topic."""

    name: str
    ros_type: str
    messages: int = 0


@dataclass
class ExportSummary:
    """The result of :func:`export_recording`."""

    sequence: str
    path: str
    format: str
    topics: list[TopicExport]
    seconds: float
    #: topics left out, with the reason (e.g. not imported from a ROS recording)
    skipped_topics: dict[str, str] = field(default_factory=dict)

    @property
    def messages(self) -> int:
        """Messages written, all topics."""
        return sum(t.messages for t in self.topics)

    @property
    def messages_per_second(self) -> float:
        """Export throughput."""
        return self.messages / self.seconds if self.seconds > 0 else 0.0


def _rows(handler: Any, mapping: MessageMapping, types: Any, topic: str, order: int,
          read: list[int]) -> Iterator[tuple[int, int, str, Any]]:
    """``(log time, topic order, topic, message)`` for every row of the topic; ``read[0]``
    counts the Arrow bytes read."""
    if not handler.chunks_number:
        return
    with handler.get_data_streamer() as streamer:
        for batch in streamer.iter_batches():
            read[0] += batch.nbytes
            for log_time, message in mapping.from_batch(batch, types):
                yield log_time, order, topic, message


def _plan(client: Any, sequence_name: str, topics: Sequence[str] | None
          ) -> tuple[list[tuple[RecordedTopic, Any]], dict[str, str]]:
    """The exportable topics with their handlers, and the skipped ones with reasons."""
    sequence = client.sequence_handler(sequence_name)
    if sequence is None:
        raise NotFoundError(f"sequence '{sequence_name}' does not exist", resource=sequence_name)
    names = list(sequence.topics)
    if topics is not None:
        missing = [t for t in topics if t not in names]
        if missing:
            raise NotFoundError(f"sequence '{sequence_name}' has no topic "
                                f"{', '.join(map(repr, missing))}", resource=missing[0])
        names = [n for n in names if n in set(topics)]
    plan, skipped = [], {}
    for name in names:
        handler = client.topic_handler(sequence_name, name)
        recorded = None if handler is None else recorded_topic(name, handler.user_metadata)
        if recorded is None:
            skipped[name] = "its metadata names no ROS type (not imported from a recording)"
        else:
            plan.append((recorded, handler))
    return plan, skipped


def _mismatch(handler: Any, mapping: MessageMapping) -> str | None:
    """Why ``mapping`` cannot write the topic back (its rows are of another model: imported
    by an adapter, or by a mapping not registered now), or None."""
    stored = getattr(handler, "ontology_tag", None)
    tag = getattr(mapping.model, "__ontology_tag__", None)
    if stored and tag and stored != tag:
        return (f"it is stored as '{stored}', not as '{tag}', the model the mapping of "
                f"{mapping.ros_type} writes back from (imported by an adapter, or by a "
                "mapping that is not registered now)")
    return None


def export_recording(
    client: Any,
    sequence_name: str,
    writer: RecordingWriter,
    *,
    mapping_for: MappingLookup,
    path: str = "",
    format: str = "",
    topics: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportSummary:
    """Write the topics of ``sequence_name`` into ``writer`` (closed at the end).

    See :func:`mosaicolabs.recordings.export_recording`. ``progress`` gets the number
    of messages written and of Arrow bytes read so far, every 1000 messages and at the end.

    Raises:
        NotFoundError: no such sequence, or no such topic in it.
    """
    started = time.perf_counter()
    try:
        plan, skipped = _plan(client, sequence_name, topics)
        reports = {t.name: TopicExport(t.name, t.ros_type) for t, _ in plan}
        streams, read = [], [0]
        for order, (topic, handler) in enumerate(plan):
            mapping = mapping_for(topic.ros_type, topic.definition, writer.types)
            mismatch = _mismatch(handler, mapping)
            if mismatch:
                skipped[topic.name] = mismatch
                del reports[topic.name]
                continue
            writer.add_topic(topic)
            streams.append(_rows(handler, mapping, writer.types, topic.name, order,
                                 read))
        written = 0
        for log_time, _, name, message in heapq.merge(*streams, key=lambda r: (r[0], r[1])):
            writer.write(name, log_time, message)
            reports[name].messages += 1
            written += 1
            if progress is not None and written % 1000 == 0:
                progress(written, read[0])
    finally:
        writer.close()
    if progress is not None:
        progress(written, read[0])
    return ExportSummary(sequence_name, path, format, list(reports.values()),
                         time.perf_counter() - started, skipped)
