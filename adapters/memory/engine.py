"""The in-process engine: sequences, sessions, topics, notifications, layers and keys.

:class:`MemoryEngine` is the one object the in-memory adapters and the mock
server use. It is assembled from parts that each hold one responsibility over a
shared :class:`~.state.EngineState` (the records, the keys, one lock and the data
directory): :class:`~.catalog_rules.CatalogRules` (the catalog's rules),
:class:`~.topic_data.TopicData` (uploads and reads), :class:`~.notification_board.
NotificationBoard`, :class:`~.layer_board.LayerBoard` and query evaluation
(:mod:`.query_eval`). All state sits behind that one lock, so the engine is safe to
share between threads. Callers check permissions with
:meth:`MemoryEngine.authorize` before each operation.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterator, Mapping

import pyarrow as pa

from mosaicolabs.domain.catalog import Sequence, Topic
from mosaicolabs.domain.layers import Layer
from mosaicolabs.domain.notifications import Notification
from mosaicolabs.domain.policies import SerializationFormat
from mosaicolabs.domain.query_result import QueryHit
from mosaicolabs.domain.server import ServerVersion
from mosaicolabs.domain.timeutil import now_ns

from .catalog_rules import CatalogRules
from .layer_board import LayerBoard
from .notification_board import NotificationBoard
from .query_eval import QuerySnapshot, evaluate_query
from .state import EngineState
from .topic_data import TopicData
from .uploads import DEFAULT_MAX_CHUNK_BYTES, TopicUpload

__all__ = ["ENGINE_VERSION", "MemoryEngine"]

ENGINE_VERSION = ServerVersion("0.3.0", 0, 3, 0, "")  # as mosaicod 0.3.0 reports itself


class MemoryEngine:
    """State and rules of a Mosaico server, in memory.

    Args:
        enforce_api_keys: Require a valid key with enough permission on every call.
        clock: Time source in ns (injectable for tests).
        version: What ``version`` reports.
        data_dir: Keep everything in this directory (see :mod:`.persistence`) and load
            what it holds; ``None`` keeps state in memory only.
        max_chunk_bytes: Size at which an upload's stored chunk is closed, as mosaicod's
            ``MOSAICOD_MAX_CHUNK_SIZE_IN_BYTES`` (``None`` or 0: one chunk per upload).

    Raises:
        DataDirectoryError: a file of ``data_dir`` is damaged (the message names it).

    Attributes:
        keys: The :class:`~.keyring.KeyRing` of API keys.
        server_version: What ``version`` reports.
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
        state = EngineState(clock, enforce_api_keys=enforce_api_keys, data_dir=data_dir)
        self._state = state
        self.keys = state.keys
        self.server_version = version
        self._catalog = CatalogRules(state)
        self._data = TopicData(state, max_chunk_bytes)
        self._board = NotificationBoard(state)
        self._layers = LayerBoard(state)
        # The records themselves, for tests that inspect what is stored.
        self._sequences = state.sequences
        self._topics = state.topics

    # -- access control -------------------------------------------------------------
    def authorize(self, token: str | None, operation: str) -> None:
        """Raise unless ``token`` may perform ``operation`` (see :class:`KeyRing`)."""
        self.keys.authorize(token, operation)

    def resolve(self, locator: str) -> str:
        """Say whether ``locator`` names a ``"sequence"`` or a ``"topic"``; else NotFound."""
        return self._catalog.resolve(locator)

    # -- sequences --------------------------------------------------------------------
    def list_sequences(self) -> list[str]:
        """The sequence names, sorted."""
        return self._catalog.list_sequences()

    def create_sequence(self, name: str, user_metadata: Mapping[str, Any]) -> None:
        """Create an empty sequence (AlreadyExists if the name is taken)."""
        self._catalog.create_sequence(name, user_metadata)

    def describe_sequence(self, name: str) -> Sequence:
        """A snapshot of the sequence; open sessions list no topic (as mosaicod 0.3.0)."""
        return self._catalog.describe_sequence(name)

    def delete_sequence(self, name: str) -> None:
        """Delete a sequence with everything in it; a missing one is already deleted (OK)."""
        self._catalog.delete_sequence(name)

    # -- sessions ---------------------------------------------------------------------
    def create_session(self, sequence_name: str) -> str:
        """Open a session in the sequence; its uuid."""
        return self._catalog.create_session(sequence_name)

    def finalize_session(self, session_uuid: str) -> None:
        """Lock the session: it needs a topic, and every topic uploaded (else Conflict)."""
        self._catalog.finalize_session(session_uuid)

    def delete_session(self, session_uuid: str) -> None:
        """Delete the session and its topics, finalized or not."""
        self._catalog.delete_session(session_uuid)

    # -- topics -----------------------------------------------------------------------
    def create_topic(
        self,
        session_uuid: str,
        locator: str,
        ontology_tag: str,
        serialization_format: SerializationFormat | str,
        user_metadata: Mapping[str, Any],
    ) -> str:
        """Create a topic in an open session of its sequence; its uuid."""
        return self._catalog.create_topic(session_uuid, locator, ontology_tag,
                                          serialization_format, user_metadata)

    def describe_topic(self, locator: str) -> Topic:
        """A snapshot of the topic."""
        return self._catalog.describe_topic(locator)

    def delete_topic(self, locator: str) -> None:
        """Delete an unlocked topic (Conflict once its upload has completed)."""
        self._catalog.delete_topic(locator)

    # -- data -------------------------------------------------------------------------
    def begin_upload(self, locator: str, topic_uuid: str, schema: pa.Schema) -> TopicUpload:
        """Start the one upload of a topic (the server's DoPut)."""
        return self._data.begin_upload(locator, topic_uuid, schema)

    def read_topic(
        self, locator: str, start_ns: int | None = None, end_ns: int | None = None
    ) -> tuple[Topic, Iterator[pa.RecordBatch]]:
        """The topic snapshot and its rows in ``[start_ns, end_ns)``, sorted by time."""
        return self._data.read_topic(locator, start_ns, end_ns)

    def query(self, blocks: Mapping[str, Any]) -> list[QueryHit]:
        """Evaluate a ``query`` action's blocks (protocol.md §6); see :mod:`.query_eval`."""
        state = self._state
        with state.lock:
            snapshot = QuerySnapshot.take(state.sequences.values(), state.topics.values())
        return evaluate_query(blocks, snapshot)  # outside the lock: the snapshot is immutable

    # -- notifications ----------------------------------------------------------------
    def create_notification(self, locator: str, notification_type: str, message: str) -> None:
        """Attach an ``"error"`` notification to a sequence or topic."""
        self._board.create_notification(locator, notification_type, message)

    def list_notifications(self, locator: str) -> list[Notification]:
        """Oldest first; ``[]`` for a sequence that does not exist (as mosaicod 0.3.0)."""
        return self._board.list_notifications(locator)

    def purge_notifications(self, locator: str) -> None:
        """Remove them all; nothing to do for a sequence that does not exist."""
        self._board.purge_notifications(locator)

    # -- layers -----------------------------------------------------------------------
    def create_layer(self, name: str, description: str) -> None:
        """Add a layer; its name is trimmed (AlreadyExists if taken)."""
        self._layers.create(name, description)

    def update_layer(self, prev_name: str, curr_name: str, curr_description: str) -> None:
        """Rename and re-describe a layer (NotFound, or AlreadyExists for a taken name)."""
        self._layers.update(prev_name, curr_name, curr_description)

    def delete_layer(self, name: str) -> None:
        """Remove a layer (NotFound if there is none)."""
        self._layers.delete(name)

    def list_layers(self) -> list[Layer]:
        """Every layer, oldest first (a changed layer counts as new)."""
        return self._layers.list()
