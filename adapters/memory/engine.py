"""The in-process engine: sequences, sessions, topics, notifications and keys.

It applies the server's rules (protocol.md §9, §2.4): topic locators are
unique; a finalized session accepts no topics; finalizing needs at least one
topic and every topic locked; deletes cascade; only unlocked topics can be
deleted. Where mosaicod 0.3.0 is lenient, so is the engine: deleting a sequence
that does not exist succeeds, and finalizing a finalized session again succeeds.
All state sits behind one lock, so it is safe to share between threads.
Callers check permissions with :meth:`authorize` before each operation.
"""

from __future__ import annotations

import os
import threading
import uuid as uuidlib
from dataclasses import replace
from typing import Any, Callable, Mapping

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
from mosaicolabs.domain.server import ServerVersion
from mosaicolabs.domain.timeutil import now_ns

from .engine_data import DataOperations
from .keyring import KeyRing
from .persistence import CatalogStore
from .persistence_codec import KINDS
from .records import SequenceRecord, SessionRecord, TopicRecord
from .uploads import DEFAULT_MAX_CHUNK_BYTES

__all__ = ["ENGINE_VERSION", "MemoryEngine"]

ENGINE_VERSION = ServerVersion("0.3.0", 0, 3, 0, "")  # as mosaicod 0.3.0 reports itself


class MemoryEngine(DataOperations):
    """State and rules of a Mosaico server, in memory.

    Args:
        enforce_api_keys: Require a valid key with enough permission on every call.
        clock: Time source in ns (injectable for tests).
        version: What ``version`` reports.
        data_dir: Keep everything in this directory (see :mod:`.persistence`) and load
            what it holds; ``None`` keeps state in memory only.
        max_chunk_bytes: Size at which an upload's stored chunk is closed, as mosaicod's
            ``MOSAICOD_MAX_CHUNK_SIZE_IN_BYTES`` (``None`` or 0: one chunk per upload).
    """

    def __init__(
        self,
        *,
        enforce_api_keys: bool = False,
        clock: Callable[[], int] = now_ns,
        version: ServerVersion = ENGINE_VERSION,
        data_dir: str | os.PathLike[str] | None = None,
        max_chunk_bytes: int | None = DEFAULT_MAX_CHUNK_BYTES,
    ) -> None:
        self._clock = clock
        self._max_chunk_bytes = max_chunk_bytes
        self._lock = threading.RLock()
        self.keys = KeyRing(clock, enforce=enforce_api_keys, on_change=self._persist_keys)
        self.server_version = version
        # With a data directory, the dicts are the store's: they report every change.
        self._store = CatalogStore(data_dir, self.keys) if data_dir is not None else None
        tables: Mapping[str, dict[str, Any]] = (
            self._store.tables if self._store is not None else {k: {} for k in KINDS})
        self._sequences: dict[str, SequenceRecord] = tables["sequence"]
        self._sessions: dict[str, SessionRecord] = tables["session"]
        self._topics: dict[str, TopicRecord] = tables["topic"]
        self._restore()

    # -- durability -------------------------------------------------------------------
    def _restore(self) -> None:
        """Load what the data directory holds (nothing without one).

        Raises:
            DataDirectoryError: a file of the directory is damaged (the message names it).
        """
        if self._store is not None:
            with self._lock:
                self._store.load()

    def _persist(self, topic: TopicRecord | None = None) -> None:
        """Make the change just applied durable (``topic``'s rows first), if there is a disk.

        Only what changed is written. If the disk refuses, the change is undone in
        memory, so memory never runs ahead of what is durable, and the error
        (ServerError) reaches the caller.
        """
        if self._store is not None:
            with self._lock:
                self._store.persist(topic)

    def _persist_keys(self) -> None:
        """The key ring changed (it calls this): make that durable too."""
        if self._store is not None:
            with self._lock:
                self._store.persist(keys=True)

    # -- access control -------------------------------------------------------------
    def authorize(self, token: str | None, operation: str) -> None:
        """Raise unless ``token`` may perform ``operation`` (see :class:`KeyRing`)."""
        self.keys.authorize(token, operation)

    # -- lookups ----------------------------------------------------------------------
    def _sequence(self, name: str) -> SequenceRecord:
        record = self._sequences.get(name)
        if record is None:
            raise NotFoundError(f"sequence '{name}' not found", resource=name)
        return record

    def _session(self, session_uuid: str) -> SessionRecord:
        record = self._sessions.get(str(session_uuid))
        if record is None:
            raise NotFoundError(f"session '{session_uuid}' not found", resource=str(session_uuid))
        return record

    def _topic(self, locator: str) -> TopicRecord:
        record = self._topics.get(locator)
        if record is None:
            raise NotFoundError(f"topic '{locator}' not found", resource=locator)
        return record

    def resolve(self, locator: str) -> str:
        """Say whether ``locator`` names a ``"sequence"`` or a ``"topic"``; else NotFound."""
        with self._lock:
            if locator in self._sequences:
                return "sequence"
            if locator in self._topics:
                return "topic"
        raise NotFoundError(f"'{locator}' not found", resource=locator)

    # -- sequences --------------------------------------------------------------------
    def list_sequences(self) -> list[str]:
        with self._lock:
            return sorted(self._sequences)

    def create_sequence(self, name: str, user_metadata: Mapping[str, Any]) -> None:
        name = validate_sequence_name(name)
        metadata = check_user_metadata(user_metadata)
        with self._lock:
            if name in self._sequences:
                raise AlreadyExistsError(f"sequence '{name}' already exists", resource=name)
            self._sequences[name] = SequenceRecord(name, metadata, self._clock())
            self._persist()

    def describe_sequence(self, name: str) -> Sequence:
        with self._lock:
            record = self._sequence(name)
            sessions = [self._sessions[u] for u in record.session_uuids]
            topics = [self._topics[loc] for s in sessions for loc in s.topic_locators]
            return _topics_listed_at_finalize(record.snapshot(sessions, topics))

    def delete_sequence(self, name: str) -> None:
        """Delete a sequence with everything in it; a missing one is already deleted (OK)."""
        with self._lock:
            record = self._sequences.get(name)
            if record is None:
                return  # as mosaicod 0.3.0: a repeated delete is not an error
            for session_uuid in list(record.session_uuids):
                self._drop_session(self._sessions[session_uuid])
            del self._sequences[name]
            self._persist()

    # -- sessions ---------------------------------------------------------------------
    def create_session(self, sequence_name: str) -> str:
        with self._lock:
            sequence = self._sequence(sequence_name)
            session = SessionRecord(str(uuidlib.uuid4()), sequence.name, self._clock())
            self._sessions[session.uuid] = session
            sequence.session_uuids.append(session.uuid)
            self._persist()
            return session.uuid

    def finalize_session(self, session_uuid: str) -> None:
        with self._lock:
            session = self._session(session_uuid)
            # A finalized session passes the checks below again, so, as on mosaicod
            # 0.3.0, finalizing it again succeeds (and stamps it again).
            if not session.topic_locators:
                raise ConflictError(f"Session `{session.uuid}` is empty.", resource=session.uuid)
            pending = [t for t in session.topic_locators if not self._topics[t].locked]
            if pending:
                raise ConflictError(
                    f"Session `{session.uuid}` has topics whose upload has not completed: "
                    + ", ".join(pending),
                    resource=session.uuid,
                )
            session.completed_at_ns = self._clock()
            self._persist()

    def delete_session(self, session_uuid: str) -> None:
        with self._lock:
            session = self._session(session_uuid)
            self._drop_session(session)
            self._sequences[session.sequence_name].session_uuids.remove(session.uuid)
            self._persist()

    def _drop_session(self, session: SessionRecord) -> None:
        for locator in session.topic_locators:
            self._topics.pop(locator, None)
        self._sessions.pop(session.uuid, None)

    # -- topics -----------------------------------------------------------------------
    def create_topic(
        self,
        session_uuid: str,
        locator: str,
        ontology_tag: str,
        serialization_format: SerializationFormat | str,
        user_metadata: Mapping[str, Any],
    ) -> str:
        sequence_name, topic = split_topic_locator(locator)
        locator = f"{sequence_name}/{topic}"
        try:
            fmt = SerializationFormat(serialization_format)
        except ValueError:
            raise InvalidRequestError(
                f"unknown serialization format {serialization_format!r}"
            ) from None
        metadata = check_user_metadata(user_metadata)
        with self._lock:
            session = self._session(session_uuid)
            if session.locked:
                raise ConflictError(f"Session `{session.uuid}` is locked.", resource=session.uuid)
            if session.sequence_name != sequence_name:
                raise PermissionDeniedError(
                    f"Unauthorized: topic {locator} is not in the session's sequence "
                    f"'{session.sequence_name}'",
                    resource=locator,
                )
            if locator in self._topics:
                raise AlreadyExistsError(f"topic '{locator}' already exists", resource=locator)
            record = TopicRecord(
                str(uuidlib.uuid4()),
                locator,
                session.uuid,
                str(ontology_tag),
                fmt,
                metadata,
                self._clock(),
            )
            self._topics[locator] = record
            session.topic_locators.append(locator)
            self._persist()
            return record.uuid

    def describe_topic(self, locator: str) -> Topic:
        with self._lock:
            return self._topic(locator).snapshot()

    def delete_topic(self, locator: str) -> None:
        with self._lock:
            record = self._topic(locator)
            if record.locked:
                raise ConflictError(f"Topic `{locator}` is locked.", resource=locator)
            del self._topics[locator]
            self._sessions[record.session_uuid].topic_locators.remove(locator)
            self._persist()


def _topics_listed_at_finalize(sequence: Sequence) -> Sequence:
    """Open sessions list no topic, as on mosaicod 0.3.0.

    mosaicod writes a session's topic list into its manifest only when the session is
    finalized (all its topics then uploaded); until then the manifest lists none.
    """
    sessions = tuple(s if s.locked else replace(s, topics=()) for s in sequence.sessions)
    return replace(sequence, sessions=sessions)
