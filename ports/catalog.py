"""Port: the catalog of sequences, sessions and topics."""

from __future__ import annotations

from typing import Any, Mapping, Protocol, runtime_checkable

from mosaicolabs.domain.catalog import Sequence, Topic
from mosaicolabs.domain.policies import SerializationFormat

__all__ = ["Catalog"]


@runtime_checkable
class Catalog(Protocol):
    """Create, describe, list, lock and delete catalog resources.

    Names are validated by the caller; implementations raise the domain errors
    (``NotFoundError``, ``AlreadyExistsError``, ``ConflictError`` …).
    """

    def list_sequences(self) -> list[str]:
        """Names of all sequences."""
        ...

    def create_sequence(self, name: str, user_metadata: Mapping[str, Any]) -> None:
        """Create an empty, unlocked sequence."""
        ...

    def describe_sequence(self, name: str) -> Sequence:
        """Snapshot of a sequence with its sessions and topics."""
        ...

    def delete_sequence(self, name: str) -> None:
        """Delete a sequence and everything in it."""
        ...

    def create_session(self, sequence_name: str) -> str:
        """Open a new upload session on a sequence; returns its uuid."""
        ...

    def finalize_session(self, session_uuid: str) -> None:
        """Lock a session whose topics have all completed their upload."""
        ...

    def delete_session(self, session_uuid: str) -> None:
        """Delete a session with its topics and data, even if finalized."""
        ...

    def create_topic(
        self,
        session_uuid: str,
        sequence_name: str,
        topic_name: str,
        ontology_tag: str,
        serialization_format: SerializationFormat,
        user_metadata: Mapping[str, Any],
    ) -> str:
        """Create a topic in an open session; returns the topic uuid (the upload key)."""
        ...

    def describe_topic(self, sequence_name: str, topic_name: str) -> Topic:
        """Snapshot of one topic with its schema and statistics."""
        ...

    def delete_topic(self, sequence_name: str, topic_name: str) -> None:
        """Delete a topic whose upload has not completed."""
        ...
