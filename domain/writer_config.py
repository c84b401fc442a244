"""Writer settings as plain records: batch limits and error policy.

A sequence writer has a :class:`SessionWriterConfig`, each topic writer a
:class:`TopicWriterConfig`; both share the batch limits of :class:`WriterConfig`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .policies import SessionLevelErrorPolicy, TopicLevelErrorPolicy

__all__ = ["SessionWriterConfig", "TopicWriterConfig", "WriterConfig"]


@dataclass
class WriterConfig:
    """Batch limits shared by sequence and topic writers.

    Attributes:
        max_batch_size_bytes: buffered bytes that make a topic writer send its batch.
        max_batch_size_records: buffered records that make it send; whichever limit is
            reached first wins.
    """

    max_batch_size_bytes: int
    max_batch_size_records: int


@dataclass
class SessionWriterConfig(WriterConfig):
    """Settings of a sequence writer (or updater).

    Attributes:
        on_error: what the session does when its ``with`` block fails.
    """

    on_error: SessionLevelErrorPolicy


@dataclass
class TopicWriterConfig(WriterConfig):
    """Settings of a topic writer.

    Attributes:
        on_error: what the topic writer does when its ``with`` block fails.
    """

    on_error: TopicLevelErrorPolicy
