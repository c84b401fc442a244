"""``Message``: one timestamped record of a topic, wrapping a model instance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Literal, overload

import pyarrow as pa

from .pydantic_names import BaseModel
from .serializable import Serializable

if TYPE_CHECKING:
    from typing_extensions import TypeVar
else:
    from typing import TypeVar

__all__ = ["ENVELOPE_FIELDS", "Message", "TSerializable", "message_schema"]

if TYPE_CHECKING:
    #: The model a message holds: ``Message(..., data=IMU(...))`` is a ``Message[IMU]``;
    #: a plain ``Message`` (what a stream of mixed topics yields) holds ``Any``.
    DataT = TypeVar("DataT", bound=Serializable, default=Any)
else:
    DataT = TypeVar("DataT", bound=Serializable)
#: A model class, as ``get_data`` takes it (the official client's name).
TSerializable = TypeVar("TSerializable", bound=Serializable)

#: Columns every topic starts with, before the model's own columns.
ENVELOPE_FIELDS: tuple[pa.Field, ...] = (
    pa.field("timestamp_ns", pa.int64(), nullable=False),
    pa.field("recording_timestamp_ns", pa.int64()),
    pa.field("frame_id", pa.string()),
    pa.field("sequence_id", pa.uint32()),
)


_ENVELOPE_NAMES = tuple(f.name for f in ENVELOPE_FIELDS)


class Message(BaseModel, Generic[DataT]):
    """A record: when it happened, what was measured, and optional envelope fields.

    Args:
        timestamp_ns: Event time in ns since the epoch (an ``int``; the index).
        data: The model instance (e.g. ``IMU(...)``).
        recording_timestamp_ns: When it was recorded, if different.
        frame_id: Reference frame name.
        sequence_id: Legacy per-source counter.
    """

    __slots__ = ("timestamp_ns", "data", "recording_timestamp_ns", "frame_id", "sequence_id")
    #: The envelope columns as one struct (the official client's name for it).
    __msco_pyarrow_struct__ = pa.struct(list(ENVELOPE_FIELDS))

    def __init__(
        self,
        timestamp_ns: int,
        data: DataT,
        recording_timestamp_ns: int | None = None,
        frame_id: str | None = None,
        sequence_id: int | None = None,
    ) -> None:
        self.timestamp_ns = timestamp_ns
        self.data = data
        self.recording_timestamp_ns = recording_timestamp_ns
        self.frame_id = frame_id
        self.sequence_id = sequence_id

    def ontology_tag(self) -> str:
        """Tag of the wrapped model (e.g. ``"imu"``)."""
        return self.data.__ontology_tag__

    def ontology_type(self) -> type[DataT]:
        """Class of the wrapped model (e.g. ``IMU``)."""
        return type(self.data)

    @overload
    def get_data(self) -> DataT: ...
    @overload
    def get_data(self, target_type: type[TSerializable]) -> TSerializable | None: ...
    def get_data(self, target_type: type[Serializable] | None = None) -> Serializable | None:
        """The wrapped model instance; with ``target_type``, typed as that model, or None
        when the message holds another model (as the official client does)."""
        if target_type is not None and not isinstance(self.data, target_type):
            return None
        return self.data

    @staticmethod
    def from_dataframe_row(row: Any, topic_name: str,
                           timestamp_column_name: str = "timestamp_ns") -> Message[Any] | None:
        """The message of ``topic_name`` in one row of a flattened table, or ``None``.

        Columns are named ``{topic}.{tag}.{field}`` (nested fields: more dots), as
        ``DataFrameExtractor`` writes them; ``row`` is a pandas ``Series`` or a mapping.
        ``None`` when the row holds no value of the topic (see
        :func:`~.message_rows.message_parts` for the errors).
        """
        from .message_rows import message_parts

        parts = message_parts(row, topic_name, timestamp_column_name)
        if parts is None:
            return None
        timestamp_ns, data, envelope = parts
        return Message(timestamp_ns=timestamp_ns, data=data, **envelope)

    def model_dump(self, *, mode: Literal["python", "json"] = "python",
                   exclude_none: bool = False) -> dict[str, Any]:
        """The message as plain Python values: ``data`` (as a dict, JSON types only with
        ``mode="json"``), then the envelope (ints and strings either way)."""
        values = {"data": self.data.model_dump(mode=mode, exclude_none=exclude_none),
                  **{name: getattr(self, name) for name in _ENVELOPE_NAMES}}
        if exclude_none:
            return {k: v for k, v in values.items() if v is not None}
        return values

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
