"""Session writers: ``SequenceWriter`` (new sequence) and ``SequenceUpdater`` (existing one).

Both must be used as context managers. On a clean exit every topic upload is
completed and the session is finalized. If the block raises (or finishing
fails), each open topic records the error and completes what it holds, then
the session policy runs: ``Report`` stores a sequence notification and
finalizes; ``Delete`` deletes what this writer created, exactly once. The
original exception always propagates.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Mapping

from mosaicolabs.domain.errors import InvalidRequestError, MosaicoError, WriterStateError
from mosaicolabs.domain.metadata import check_user_metadata
from mosaicolabs.domain.names import clean_sequence_name, clean_topic_name
from mosaicolabs.domain.ontology.message import message_schema
from mosaicolabs.domain.ontology.serializable import Serializable
from mosaicolabs.domain.policies import (
    SerializationFormat,
    SessionLevelErrorPolicy,
    TopicLevelErrorPolicy,
)
from mosaicolabs.domain.statuses import SESSION_STATUS, SessionStatus
from mosaicolabs.domain.writer_config import SessionWriterConfig

from ..data_ports import DataPorts
from .limits import BatchLimits
from .topic_writer import TopicWriter, WriterStatus

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from typing_extensions import Self

__all__ = ["SequenceUpdater", "SequenceWriter"]

_log = logging.getLogger("mosaicolabs.writer")


class _SessionWriter:
    """One upload session: topic writers plus the session-level error policy."""

    def __init__(
        self,
        ports: DataPorts,
        sequence_name: str,
        on_error: SessionLevelErrorPolicy,
        limits: BatchLimits,
    ) -> None:
        self._ports = ports
        self._sequence = clean_sequence_name(sequence_name)
        self._on_error = SessionLevelErrorPolicy(on_error)
        self._limits = limits
        self._writers: dict[str, TopicWriter] = {}
        self._session: str | None = None
        self._state = WriterStatus.Pending
        self.last_error: BaseException | None = None

    sequence_name = property(lambda self: self._sequence, doc="The sequence written to.")
    on_error = property(lambda self: self._on_error, doc="The session-level error policy.")

    @property
    def session_status(self) -> SessionStatus:
        """The upload session's state (:class:`~mosaicolabs.enum.SessionStatus`)."""
        return SESSION_STATUS[self._state]

    @property
    def status(self) -> SessionStatus:
        """The writer's state; the same as :attr:`session_status`."""
        return SESSION_STATUS[self._state]

    @property
    def _config(self) -> SessionWriterConfig:
        """The batch limits and error policy, as the official client holds them."""
        return SessionWriterConfig(
            max_batch_size_bytes=self._limits.max_bytes,
            max_batch_size_records=self._limits.max_records,
            on_error=self._on_error,
        )

    @property
    def session_uuid(self) -> str | None:
        """The session's uuid once entered."""
        return self._session

    def _open_session(self) -> str:
        raise NotImplementedError

    def _delete_written(self) -> None:
        raise NotImplementedError

    def _check_active(self) -> None:
        if self._state is not WriterStatus.Active:
            raise WriterStateError(  # the official client's words first
                "SequenceWriter or SequenceUpdater must be used within a 'with' block. "
                f"({type(self).__name__} for '{self._sequence}' is {self._state.value})",
                resource=self._sequence,
            )

    # -- topics -------------------------------------------------------------------------
    def topic_create(
        self,
        topic_name: str,
        metadata: Mapping[str, Any],
        ontology_type: type[Serializable],
        on_error: TopicLevelErrorPolicy = TopicLevelErrorPolicy.Raise,
    ) -> TopicWriter | None:
        """Create a topic in this session and open its upload.

        ``topic_name`` may be written with or without surrounding slashes. A topic this
        writer already created gives ``None`` and an error in the log, as in the
        official client.

        Raises:
            AlreadyExistsError: the topic exists on the server. InvalidNameError: bad name.
            InvalidRequestError: ``ontology_type`` is not a Serializable model, or the
                metadata is not a dict.
        """
        self._check_active()
        name = clean_topic_name(topic_name)
        if name in self._writers:
            _log.error("Topic '%s' already exists in this sequence (writer for '%s'): "
                       "topic_create returns None", name, self._sequence)
            return None
        # Checked at run time: untyped callers may pass anything.
        if not (isinstance(ontology_type, type) and issubclass(ontology_type, Serializable)):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidRequestError(
                f"ontology_type must be a Serializable model class, got {ontology_type!r}"
            )
        return self._create_topic(
            name, check_user_metadata(metadata, "topic metadata"), ontology_type, on_error
        )

    def _create_topic(
        self,
        name: str,
        metadata: dict[str, Any],
        model: type[Serializable],
        on_error: TopicLevelErrorPolicy,
    ) -> TopicWriter:
        ports = self._ports
        fmt = SerializationFormat(model.__serialization_format__)
        assert self._session is not None
        topic_uuid = ports.catalog.create_topic(
            self._session, self._sequence, name, model.__ontology_tag__, fmt, metadata
        )
        try:
            stream = ports.streams.open_writer(
                self._sequence, name, topic_uuid, message_schema(model)
            )
        except MosaicoError:
            self._forget_topic(name)
            raise
        writer = TopicWriter(
            sequence_name=self._sequence,
            name=name,
            model=model,
            stream=stream,
            notifications=ports.notifications,
            limits=self._limits,
            on_error=on_error,
        )
        self._writers[name] = writer
        return writer

    def _forget_topic(self, name: str) -> None:
        try:  # the topic exists without an upload: remove it so the session can finish
            self._ports.catalog.delete_topic(self._sequence, name)
        except MosaicoError as exc:
            _log.warning("could not remove topic %s after a failed open: %s", name, exc)

    def get_topic_writer(self, topic_name: str) -> TopicWriter | None:
        """The writer of a topic created in this session, or ``None``."""
        return self._writers.get(clean_topic_name(topic_name))

    def topic_writer_exists(self, topic_name: str) -> bool:
        """Whether this session created that topic."""
        return clean_topic_name(topic_name) in self._writers

    def list_topic_writers(self) -> list[str]:
        """Names of the topics created in this session."""
        return list(self._writers)

    # -- context ------------------------------------------------------------------------
    def __enter__(self) -> Self:
        if self._state is not WriterStatus.Pending:
            raise WriterStateError(f"{type(self).__name__} can be entered only once")
        self._session = self._open_session()
        self._state = WriterStatus.Active
        return self

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        if exc is None:
            try:
                self._finish()
                return None
            except BaseException as failure:
                self._on_failure(failure)
                raise
        self._on_failure(exc)
        return None  # the original exception propagates

    def _finish(self) -> None:
        for writer in self._writers.values():
            writer.finalize()
        assert self._session is not None
        self._ports.catalog.finalize_session(self._session)
        self._state = WriterStatus.Finalized

    def _on_failure(self, error: BaseException) -> None:
        self._state = WriterStatus.Error
        self.last_error = error
        for writer in self._writers.values():
            if writer.is_active:
                try:
                    writer.finalize(error=error)
                except MosaicoError as exc:
                    _log.warning("topic %s could not complete: %s", writer.name, exc)
        try:
            if self._on_error is SessionLevelErrorPolicy.Delete:
                self._delete_written()
            else:
                self._report(error)
        except MosaicoError as exc:  # never mask the user's exception
            _log.warning(
                "error policy %s failed for '%s': %s", self._on_error.name, self._sequence, exc
            )

    def _report(self, error: BaseException) -> None:
        message = (
            f"session {self._session} of sequence '{self._sequence}' failed: "
            f"{type(error).__name__}: {error}"
        )
        self._ports.notifications.create(self._sequence, None, message)
        if all(not w.is_active for w in self._writers.values()) and self._writers:
            assert self._session is not None
            self._ports.catalog.finalize_session(self._session)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self._sequence!r}, {self._state.value}, "
            f"topics={list(self._writers)})"
        )


class SequenceWriter(_SessionWriter):
    """Writes a new sequence: creates it and its first session on ``__enter__``."""

    def __init__(
        self,
        ports: DataPorts,
        sequence_name: str,
        metadata: Mapping[str, Any],
        on_error: SessionLevelErrorPolicy,
        limits: BatchLimits,
    ) -> None:
        super().__init__(ports, sequence_name, on_error, limits)
        self._metadata = check_user_metadata(metadata, "sequence metadata")

    def _open_session(self) -> str:
        self._ports.catalog.create_sequence(self._sequence, self._metadata)
        return self._ports.catalog.create_session(self._sequence)

    def _delete_written(self) -> None:
        self._ports.catalog.delete_sequence(self._sequence)


class SequenceUpdater(_SessionWriter):
    """Adds a session to an existing sequence; ``Delete`` removes only this session."""

    def _open_session(self) -> str:
        return self._ports.catalog.create_session(self._sequence)

    def _delete_written(self) -> None:
        assert self._session is not None
        self._ports.catalog.delete_session(self._session)
