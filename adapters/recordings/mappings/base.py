"""What every mapping shares: the envelope columns, Arrow builders, ROS object builders.

A mapping subclasses :class:`ColumnMapping` and supplies two things: the model's
columns for a list of ROS message objects (``columns``), and the ROS message for
one stored row (``message``). The envelope (header stamp, frame, log time) is
handled here, for every mapping alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from mosaicolabs.domain.ontology.message import message_schema
from mosaicolabs.domain.ontology.serializable import Serializable

__all__ = ["ColumnMapping", "as_array", "binary_array", "child_type", "float_array", "ros",
           "struct_array"]

_NS = 1_000_000_000
HEADER = "std_msgs/msg/Header"


def normalise_type(ros_type: str) -> str:
    """``sensor_msgs/Imu`` -> ``sensor_msgs/msg/Imu``; ROS 2 names are kept."""
    parts = ros_type.strip().split("/")
    if len(parts) == 2:
        return f"{parts[0]}/msg/{parts[1]}"
    return "/".join(parts)


def child_type(model: type[Serializable], name: str) -> pa.DataType:
    """The Arrow type of ``model``'s field ``name``."""
    return model.arrow_struct().field(name).type


def _as_array(values: Any, type_: pa.DataType) -> pa.Array:
    if isinstance(values, pa.Array):
        return values if values.type == type_ else values.cast(type_)
    return pa.array(values, type=type_)


as_array = _as_array  #: an Arrow array of ``type_`` (cast when it has another type)


def struct_array(type_: pa.DataType, n: int, columns: Mapping[str, Any],
                 valid: Sequence[bool] | None = None) -> pa.StructArray:
    """A struct column of ``type_``: each child from ``columns`` (Arrow arrays or lists),
    all null where absent; rows with a false ``valid`` are null."""
    assert isinstance(type_, pa.StructType)
    fields = list(type_)
    children = [pa.nulls(n, f.type) if columns.get(f.name) is None
                else _as_array(columns[f.name], f.type) for f in fields]
    mask = None if valid is None else pa.array([not v for v in valid], pa.bool_())
    return pa.StructArray.from_arrays(children, fields=fields, mask=mask)


def float_array(values: Sequence[Any]) -> list[float | None]:
    """Python floats (or None) of numpy scalars / floats."""
    return [None if v is None else float(v) for v in values]


def binary_array(chunks: Sequence[Any]) -> pa.Array:
    """A ``binary`` column of byte blobs (numpy uint8 arrays, bytes or int lists)."""
    arrays = [np.frombuffer(c, np.uint8) if isinstance(c, (bytes, bytearray, memoryview))
              else np.asarray(c, dtype=np.uint8) for c in chunks]
    offsets = np.zeros(len(arrays) + 1, dtype=np.int64)
    np.cumsum([a.size for a in arrays], out=offsets[1:])
    if offsets[-1] >= 2**31:
        return pa.array([a.tobytes() for a in arrays], pa.large_binary()).cast(pa.binary())
    data = np.concatenate(arrays) if arrays else np.zeros(0, np.uint8)
    buffers = [None, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data)]
    return pa.Array.from_buffers(pa.binary(), len(arrays), buffers)


def ros(types: Any, name: str, values: Mapping[str, Any]) -> Any:
    """A ROS message object of type ``name`` built by the type store ``types``.

    Field names match case-insensitively (ROS 1 ``K`` is ROS 2 ``k``); values for
    fields the type lacks are ignored.

    Raises:
        KeyError: the type store does not know ``name``, or a field has no value.
    """
    fields = types.fielddefs[name][1]
    lower = {key.lower(): value for key, value in values.items()}
    kwargs = {}
    for field_name, _ in fields:
        if field_name in values:
            kwargs[field_name] = values[field_name]
        elif field_name.lower() in lower:
            kwargs[field_name] = lower[field_name.lower()]
        else:
            raise KeyError(f"{name}: no value for field {field_name!r}")
    return types.types[name](**kwargs)


def has_field(types: Any, name: str, field: str) -> bool:
    """Whether the type store's ``name`` has ``field``."""
    return any(f == field for f, _ in types.fielddefs[name][1])


def header(types: Any, row: Mapping[str, Any]) -> Any:
    """The ``std_msgs/Header`` of a stored row: its stamp, frame (and ROS 1 seq)."""
    sec, nanosec = divmod(int(row["timestamp_ns"]), _NS)
    stamp = ros(types, "builtin_interfaces/msg/Time", {"sec": sec, "nanosec": nanosec})
    return ros(types, HEADER, {"stamp": stamp, "frame_id": row.get("frame_id") or "",
                               "seq": row.get("sequence_id") or 0})


def stamp_ns(stamp: Any) -> int:
    """Nanoseconds of a ``builtin_interfaces/Time`` (ROS 1 times too, in rosbags)."""
    return int(stamp.sec) * _NS + int(stamp.nanosec)


class ColumnMapping:
    """A :class:`~mosaicolabs.ports.recordings.MessageMapping` built column by column.

    Subclasses set ``ros_type``, ``model`` and ``stamped`` (whether the message has a
    top-level ``header``) and implement :meth:`columns` and :meth:`message`.
    """

    ros_type: str
    model: type[Serializable]
    stamped: bool = False

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        """The model's columns (name -> Arrow array or list) for ``messages``; absent
        columns are all null."""
        raise NotImplementedError

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        """The ROS message of one stored row (``row``: column name -> Python value)."""
        raise NotImplementedError

    def frame_ids(self, messages: Sequence[Any]) -> list[str | None]:
        """The ``frame_id`` column (the header's frame, None without a header)."""
        if self.stamped:
            return [m.header.frame_id for m in messages]
        return [None] * len(messages)

    def to_batch(self, log_times_ns: Sequence[int], messages: Sequence[Any]) -> pa.RecordBatch:
        schema = message_schema(self.model)
        n = len(messages)
        if len(log_times_ns) != n:
            raise ValueError(f"{len(log_times_ns)} log times for {n} messages")
        logged = [int(t) for t in log_times_ns]
        if self.stamped:
            stamps = [stamp_ns(m.header.stamp) for m in messages]
            seqs = [getattr(m.header, "seq", None) for m in messages]
        else:
            stamps, seqs = logged, [None] * n
        data = self.columns(messages)
        values: dict[str, Any] = {"timestamp_ns": stamps, "recording_timestamp_ns": logged,
                                  "frame_id": self.frame_ids(messages), "sequence_id": seqs,
                                  **data}
        arrays = [pa.nulls(n, f.type) if values.get(f.name) is None
                  else _as_array(values[f.name], f.type) for f in schema]
        return pa.RecordBatch.from_arrays(arrays, schema=schema)

    def from_batch(self, batch: pa.RecordBatch, types: Any) -> Iterator[tuple[int, Any]]:
        for row in batch.to_pylist():
            logged = row.get("recording_timestamp_ns")
            when = int(row["timestamp_ns"] if logged is None else logged)
            yield when, self.message(types, row)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.ros_type!r} -> {self.model.__name__})"
