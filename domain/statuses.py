"""Life-cycle states of writers, as the public API reports them.

``SessionStatus`` is the state of a sequence writer's upload session,
``TopicWriterStatus`` the state of one topic writer. The writers keep a smaller
internal state and translate it to these on read.
"""

from __future__ import annotations

from enum import Enum

__all__ = [
    "SESSION_STATUS",
    "SequenceStatus",
    "SessionStatus",
    "TopicStatusMark",
    "TopicWriterStatus",
    "WriterStatus",
]


class WriterStatus(Enum):
    """Internal life cycle of a writer (sequence or topic)."""

    Pending = "pending"
    Active = "active"
    Finalized = "finalized"
    Error = "error"


class SessionStatus(Enum):
    """State of an upload session.

    Attributes:
        Null: created locally; the session is not yet opened on the server.
        Pending: open on the server (inside the ``with`` block); topics and data are accepted.
        Finalized: completed; its data can no longer change.
        Error: the block or its completion failed; the session error policy ran.
    """

    Null = "null"
    Pending = "pending"
    Finalized = "finalized"
    Error = "error"


#: Same states, under the name used for sequences.
SequenceStatus = SessionStatus


class TopicWriterStatus(Enum):
    """State of a topic writer.

    Attributes:
        Active: accepting data.
        Finalized: completed; no more data is accepted.
        FinalizedWithError: completed after an error (``TopicLevelErrorPolicy.Finalize``).
        IgnoredLastError: still accepting data; its ``with`` block last ended with an error
            that ``TopicLevelErrorPolicy.Ignore`` swallowed.
        RaisedException: an error escaped the writer (``TopicLevelErrorPolicy.Raise``, or a
            failed push or upload).
    """

    Active = "active"
    Finalized = "finalized"
    FinalizedWithError = "finalized_with_error"
    IgnoredLastError = "ignored_last_error"
    RaisedException = "raised_exception"


#: A sequence writer's internal state as the public session state ("pending": open).
SESSION_STATUS = {
    WriterStatus.Pending: SessionStatus.Null,
    WriterStatus.Active: SessionStatus.Pending,
    WriterStatus.Finalized: SessionStatus.Finalized,
    WriterStatus.Error: SessionStatus.Error,
}


class TopicStatusMark:
    """What a topic writer's last error did, for its public :class:`TopicWriterStatus`.

    The mark remembers how many rows the writer had taken when it was set; once more rows
    come in (a push after an ignored or raised error) it no longer applies.
    """

    __slots__ = ("_mark", "_rows")

    def __init__(self) -> None:
        self._mark: TopicWriterStatus | None = None
        self._rows = 0

    def set(self, mark: TopicWriterStatus | None, rows: int) -> None:
        """Record ``mark`` (``None`` clears it) with the writer's current row count."""
        self._mark, self._rows = mark, rows

    def status(self, state: WriterStatus, rows: int) -> TopicWriterStatus:
        """The public state for internal ``state`` with ``rows`` taken so far."""
        if state is WriterStatus.Finalized:
            return TopicWriterStatus.Finalized
        mark = self._mark if state is WriterStatus.Error or rows == self._rows else None
        if state is WriterStatus.Error:
            return mark or TopicWriterStatus.FinalizedWithError
        return mark or TopicWriterStatus.Active
