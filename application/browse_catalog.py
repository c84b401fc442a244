"""Use-case: list and open sequences and topics, with handler caches; delete them."""

from __future__ import annotations

import threading
import uuid as uuidlib
from collections.abc import Callable

from mosaicolabs.domain.errors import InvalidRequestError, NotFoundError
from mosaicolabs.domain.names import clean_sequence_name, clean_topic_name

from .data_ports import DataPorts
from .handlers import SequenceHandler, TopicHandler

__all__ = ["BrowseCatalog"]


class BrowseCatalog:
    """List sequences, hand out cached handlers, delete sequences and sessions.

    Handlers are cached per name so repeated lookups cost no round trip;
    deleting a resource evicts it from the caches.
    """

    def __init__(self, ports: DataPorts) -> None:
        self._ports = ports
        self._catalog = ports.catalog
        self._lock = threading.Lock()
        self._sequences: dict[str, SequenceHandler] = {}
        self._topics: dict[tuple[str, str], TopicHandler] = {}

    def list_sequences(self) -> list[str]:
        """Names of all sequences on the server."""
        return self._catalog.list_sequences()

    def sequence_handler(self, sequence_name: str) -> SequenceHandler | None:
        """Cached handler for a sequence, or ``None`` if it does not exist.

        Surrounding slashes are dropped from the name, as the official client does.

        Raises:
            InvalidNameError: for a malformed name; other failures raise their typed error.
        """
        name = clean_sequence_name(sequence_name)
        with self._lock:
            cached = self._sequences.get(name)
        if cached is not None:
            return cached
        try:
            handler = SequenceHandler(self._ports, self._catalog.describe_sequence(name))
        except NotFoundError:
            return None
        with self._lock:
            return self._sequences.setdefault(name, handler)

    def topic_handler(self, sequence_name: str, topic_name: str) -> TopicHandler | None:
        """Cached handler for a topic, or ``None`` if it does not exist."""
        key = (clean_sequence_name(sequence_name), clean_topic_name(topic_name))
        with self._lock:
            cached = self._topics.get(key)
        if cached is not None:
            return cached
        try:
            handler = TopicHandler(self._ports, self._catalog.describe_topic(*key))
        except NotFoundError:
            return None
        with self._lock:
            return self._topics.setdefault(key, handler)

    def clear_sequence_handlers(self) -> None:
        """Forget cached sequence handlers (next lookups fetch fresh snapshots).

        Handlers already handed out stay usable: another thread may hold one.
        """
        with self._lock:
            self._sequences = {}

    def clear_topic_handlers(self) -> None:
        """Forget cached topic handlers; handlers already handed out stay usable."""
        with self._lock:
            self._topics = {}

    def delete_sequence(self, sequence_name: str) -> None:
        """Delete a sequence with all its sessions, topics and data.

        Raises:
            NotFoundError: if it does not exist. PermissionDeniedError without Delete level.
        """
        name = clean_sequence_name(sequence_name)
        self._catalog.delete_sequence(name)
        self._evict(lambda seq: seq == name)

    def delete_session(self, session_uuid: str) -> None:
        """Delete a session with its topics and data, even if finalized."""
        try:
            canonical = str(uuidlib.UUID(str(session_uuid)))
        except ValueError:
            raise InvalidRequestError(
                f"session uuid {session_uuid!r} is not a UUID", resource=str(session_uuid)
            ) from None
        self._catalog.delete_session(canonical)
        # We do not know which sequence held it: forget cached views (they stay usable).
        self._evict(lambda seq: True)

    def _evict(self, stale: Callable[[str], bool]) -> None:
        # Evicted handlers are only forgotten, not closed: a user holding one can
        # still reload() it (and gets NotFoundError if its resource is gone).
        with self._lock:
            for name in [n for n in self._sequences if stale(n)]:
                del self._sequences[name]
            for key in [k for k in self._topics if stale(k[0])]:
                del self._topics[key]

    def close(self) -> None:
        """Close every cached handler (the client is closing)."""
        with self._lock:
            handlers = [*self._sequences.values(), *self._topics.values()]
            self._sequences, self._topics = {}, {}
        for handler in handlers:  # the catalog owns the handlers it cached: it may detach them
            handler._detach()  # pyright: ignore[reportPrivateUsage]
