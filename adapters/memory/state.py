"""The engine's records behind one lock, and their durability.

:class:`EngineState` is what the parts of :class:`~.engine.MemoryEngine` share:
the sequence, session and topic records, the API keys, the clock, the one lock
every operation holds while it reads or changes records, and the data directory
that makes each change durable. The rules themselves live in the parts
(:mod:`.catalog_rules`, :mod:`.topic_data`, :mod:`.notification_board`), each
given this state; none of them knows the others.
"""

from __future__ import annotations

import os
import threading
from typing import Any, Callable, Mapping, TypeVar

from mosaicolabs.domain.errors import NotFoundError

from .keyring import KeyRing
from .layer_record import LayerRecord
from .persistence import CatalogStore
from .persistence_codec import KINDS
from .records import SequenceRecord, SessionRecord, TopicRecord

__all__ = ["EngineState"]

R = TypeVar("R")  # a record type


class EngineState:
    """Records, keys and clock of one engine, guarded by :attr:`lock`.

    Args:
        clock: Time source in ns.
        enforce_api_keys: Whether the key ring requires a key on every call.
        data_dir: Keep everything in this directory and load what it holds; ``None``
            keeps state in memory only.

    Raises:
        DataDirectoryError: a file of ``data_dir`` is damaged (the message names it).

    Attributes:
        lock: Held by every operation while it reads or changes records (re-entrant,
            so an operation may call another's lookups).
        clock: The time source.
        keys: The API keys (their changes are persisted too).
        sequences: Sequence records by name.
        sessions: Session records by uuid.
        topics: Topic records by locator (``sequence/topic``).
        layers: Layer records by name, in list order (see :mod:`.layer_board`).
    """

    def __init__(
        self,
        clock: Callable[[], int],
        *,
        enforce_api_keys: bool,
        data_dir: str | os.PathLike[str] | None,
    ) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.keys = KeyRing(clock, enforce=enforce_api_keys, on_change=self.persist_keys)
        # With a data directory, the dicts are the store's: they report every change.
        self._store = CatalogStore(data_dir, self.keys) if data_dir is not None else None
        tables: Mapping[str, dict[str, Any]] = (
            self._store.tables if self._store is not None else {k: {} for k in KINDS})
        self.sequences: dict[str, SequenceRecord] = tables["sequence"]
        self.sessions: dict[str, SessionRecord] = tables["session"]
        self.topics: dict[str, TopicRecord] = tables["topic"]
        self.layers: dict[str, LayerRecord] = tables["layer"]
        if self._store is not None:
            with self.lock:
                self._store.load()

    # -- durability -------------------------------------------------------------------
    def persist(self, topic: TopicRecord | None = None) -> None:
        """Make the change just applied durable (``topic``'s rows first), if there is a disk.

        Only what changed is written. If the disk refuses, the change is undone in
        memory, so memory never runs ahead of what is durable, and the error
        (ServerError) reaches the caller.
        """
        if self._store is not None:
            with self.lock:
                self._store.persist(topic)

    def persist_keys(self) -> None:
        """The key ring changed (it calls this): make that durable too."""
        if self._store is not None:
            with self.lock:
                self._store.persist(keys=True)

    # -- lookups (callers hold the lock) ----------------------------------------------
    def sequence(self, name: str) -> SequenceRecord:
        """The record of sequence ``name``.

        Raises:
            NotFoundError: no such sequence.
        """
        return _found(self.sequences, name, "sequence")

    def session(self, session_uuid: str) -> SessionRecord:
        """The record of session ``session_uuid``.

        Raises:
            NotFoundError: no such session.
        """
        return _found(self.sessions, str(session_uuid), "session")

    def topic(self, locator: str) -> TopicRecord:
        """The record of topic ``locator``.

        Raises:
            NotFoundError: no such topic.
        """
        return _found(self.topics, locator, "topic")


def _found(records: Mapping[str, R], key: str, kind: str) -> R:
    """``records[key]``, or :class:`NotFoundError` naming the ``kind`` and ``key``."""
    record = records.get(key)
    if record is None:
        raise NotFoundError(f"{kind} '{key}' not found", resource=key)
    return record
