"""``Message``: one timestamped record of a topic, wrapping a model instance."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from .serializable import Serializable

__all__ = ["ENVELOPE_FIELDS", "Message", "message_schema"]

#: Columns every topic starts with, before the model's own columns.
ENVELOPE_FIELDS: tuple[pa.Field, ...] = (
    pa.field("timestamp_ns", pa.int64(), nullable=False),
    pa.field("recording_timestamp_ns", pa.int64()),
    pa.field("frame_id", pa.string()),
    pa.field("sequence_id", pa.uint32()),
)


class Message:
    """A record: when it happened, what was measured, and optional envelope fields.

    Args:
        timestamp_ns: Event time in ns since the epoch (an ``int``; the index).
        data: The model instance (e.g. ``IMU(...)``).
        recording_timestamp_ns: When it was recorded, if different.
        frame_id: Reference frame name.
        sequence_id: Legacy per-source counter.
    """

    __slots__ = ("timestamp_ns", "data", "recording_timestamp_ns", "frame_id", "sequence_id")

    def __init__(
        self,
        timestamp_ns: int,
        data: Serializable,
        recording_timestamp_ns: int | None = None,
        frame_id: str | None = None,
        sequence_id: int | None = None,
    ) -> None:
        self.timestamp_ns = timestamp_ns
        self.data = data
        self.recording_timestamp_ns = recording_timestamp_ns
        self.frame_id = frame_id
        self.sequence_id = sequence_id

    @property
    def ontology_tag(self) -> str:
        """Tag of the wrapped model."""
        return self.data.__ontology_tag__

    def get_data(self, model: type[Serializable] | None = None) -> Any:
        """The wrapped model instance, checked against ``model`` when given."""
        if model is not None and not isinstance(self.data, model):
            raise TypeError(f"message holds {type(self.data).__name__}, not {model.__name__}")
        return self.data

    def _key(self) -> tuple[Any, ...]:
        return (
            self.timestamp_ns,
            self.data,
            self.recording_timestamp_ns,
            self.frame_id,
            self.sequence_id,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # mutable, like the models

    def __repr__(self) -> str:
        extras = "".join(
            f", {name}={getattr(self, name)!r}"
            for name in ("recording_timestamp_ns", "frame_id", "sequence_id")
            if getattr(self, name) is not None
        )
        return f"Message(timestamp_ns={self.timestamp_ns!r}, data={self.data!r}{extras})"


def message_schema(model: type[Serializable]) -> pa.Schema:
    """The topic schema for a model: envelope columns, then the model's columns."""
    return pa.schema(list(ENVELOPE_FIELDS) + model.arrow_fields())
