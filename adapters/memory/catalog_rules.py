"""The catalog's rules: sequences, sessions and topics (protocol.md §9, §2.4).

Topic locators are unique; a finalized session accepts no topics; finalizing
needs at least one topic and every topic locked; deletes cascade; only unlocked
topics can be deleted. Where mosaicod 0.3.0 is lenient, so is the engine:
deleting a sequence that does not exist succeeds, and finalizing a finalized
session again succeeds. Every operation holds the state's lock and persists what
it changed.
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import replace
from typing import Any, Mapping

from mosaicolabs.domain.catalog import Sequence, Topic
from mosaicolabs.domain.errors import (
    AlreadyExistsError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
)
from mosaicolabs.domain.metadata import check_user_metadata
from mosaicolabs.domain.names import split_topic_locator, validate_sequence_name
from mosaicolabs.domain.policies import SerializationFormat

from .records import SequenceRecord, SessionRecord, TopicRecord
from .state import EngineState

__all__ = ["CatalogRules"]


class CatalogRules:
    """Creates, describes and deletes sequences, sessions and topics over ``state``."""

    def __init__(self, state: EngineState) -> None:
        self._state = state

    def resolve(self, locator: str) -> str:
        """Say whether ``locator`` names a ``"sequence"`` or a ``"topic"``; else NotFound."""
        with self._state.lock:
            if locator in self._state.sequences:
                return "sequence"
            if locator in self._state.topics:
                return "topic"
        raise NotFoundError(f"'{locator}' not found", resource=locator)

    # -- sequences --------------------------------------------------------------------
    def list_sequences(self) -> list[str]:
        """The sequence names, sorted."""
        with self._state.lock:
            return sorted(self._state.sequences)

    def create_sequence(self, name: str, user_metadata: Mapping[str, Any]) -> None:
        """Create an empty sequence."""
        name = validate_sequence_name(name)
        metadata = check_user_metadata(user_metadata)
        state = self._state
        with state.lock:
            if name in state.sequences:
                raise AlreadyExistsError(f"sequence '{name}' already exists", resource=name)
            state.sequences[name] = SequenceRecord(name, metadata, state.clock())
            state.persist()

    def describe_sequence(self, name: str) -> Sequence:
        """A snapshot of the sequence with its sessions and topics."""
        state = self._state
        with state.lock:
            record = state.sequence(name)
            sessions = [state.sessions[u] for u in record.session_uuids]
            topics = [state.topics[loc] for s in sessions for loc in s.topic_locators]
            return _topics_listed_at_finalize(record.snapshot(sessions, topics))

    def delete_sequence(self, name: str) -> None:
        """Delete a sequence with everything in it; a missing one is already deleted (OK)."""
        state = self._state
        with state.lock:
            record = state.sequences.get(name)
            if record is None:
                return  # as mosaicod 0.3.0: a repeated delete is not an error
            for session_uuid in list(record.session_uuids):
                self._drop_session(state.sessions[session_uuid])
            del state.sequences[name]
            state.persist()

    # -- sessions ---------------------------------------------------------------------
    def create_session(self, sequence_name: str) -> str:
        """Open a session in the sequence; its uuid."""
        state = self._state
        with state.lock:
            sequence = state.sequence(sequence_name)
            session = SessionRecord(str(uuidlib.uuid4()), sequence.name, state.clock())
            state.sessions[session.uuid] = session
            sequence.session_uuids.append(session.uuid)
            state.persist()
            return session.uuid

    def finalize_session(self, session_uuid: str) -> None:
        """Lock the session: it needs a topic, and every topic uploaded."""
        state = self._state
        with state.lock:
            session = state.session(session_uuid)
            # A finalized session passes the checks below again, so, as on mosaicod
            # 0.3.0, finalizing it again succeeds (and stamps it again).
            if not session.topic_locators:
                raise ConflictError(f"Session `{session.uuid}` is empty.", resource=session.uuid)
            pending = [t for t in session.topic_locators if not state.topics[t].locked]
            if pending:
                raise ConflictError(
                    f"Session `{session.uuid}` has topics whose upload has not completed: "
                    + ", ".join(pending),
                    resource=session.uuid,
                )
            session.completed_at_ns = state.clock()
            state.persist()

    def delete_session(self, session_uuid: str) -> None:
        """Delete the session and its topics, finalized or not."""
        state = self._state
        with state.lock:
            session = state.session(session_uuid)
            self._drop_session(session)
            state.sequences[session.sequence_name].session_uuids.remove(session.uuid)
            state.persist()

    def _drop_session(self, session: SessionRecord) -> None:
        for locator in session.topic_locators:
            self._state.topics.pop(locator, None)
        self._state.sessions.pop(session.uuid, None)

    # -- topics -----------------------------------------------------------------------
    def create_topic(
        self,
        session_uuid: str,
        locator: str,
        ontology_tag: str,
        serialization_format: SerializationFormat | str,
        user_metadata: Mapping[str, Any],
    ) -> str:
        """Create a topic of the session's sequence; its uuid."""
        sequence_name, topic = split_topic_locator(locator)
        locator = f"{sequence_name}/{topic}"
        try:
            fmt = SerializationFormat(serialization_format)
        except ValueError:
            raise InvalidRequestError(
                f"unknown serialization format {serialization_format!r}"
            ) from None
        metadata = check_user_metadata(user_metadata)
        state = self._state
        with state.lock:
            session = state.session(session_uuid)
            if session.locked:
                raise ConflictError(f"Session `{session.uuid}` is locked.", resource=session.uuid)
            if session.sequence_name != sequence_name:
                raise PermissionDeniedError(
                    f"Unauthorized: topic {locator} is not in the session's sequence "
                    f"'{session.sequence_name}'",
                    resource=locator,
                )
            if locator in state.topics:
                raise AlreadyExistsError(f"topic '{locator}' already exists", resource=locator)
            record = TopicRecord(str(uuidlib.uuid4()), locator, session.uuid, str(ontology_tag),
                                 fmt, metadata, state.clock())
            state.topics[locator] = record
            session.topic_locators.append(locator)
            state.persist()
            return record.uuid

    def describe_topic(self, locator: str) -> Topic:
        """A snapshot of the topic."""
        with self._state.lock:
            return self._state.topic(locator).snapshot()

    def delete_topic(self, locator: str) -> None:
        """Delete an unlocked topic."""
        state = self._state
        with state.lock:
            record = state.topic(locator)
            if record.locked:
                raise ConflictError(f"Topic `{locator}` is locked.", resource=locator)
            del state.topics[locator]
            state.sessions[record.session_uuid].topic_locators.remove(locator)
            state.persist()


def _topics_listed_at_finalize(sequence: Sequence) -> Sequence:
    """Open sessions list no topic, as on mosaicod 0.3.0.

    mosaicod writes a session's topic list into its manifest only when the session is
    finalized (all its topics then uploaded); until then the manifest lists none.
    """
    sessions = tuple(s if s.locked else replace(s, topics=()) for s in sequence.sessions)
    return replace(sequence, sessions=sessions)
