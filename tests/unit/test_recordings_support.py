"""Helpers of the recordings tests: small recordings written on the spot, a test mapping.

No test here; the recordings tests import it (it is named like them so it stays with them).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from mosaicolabs.domain.ontology.base_types import Floating64
from mosaicolabs.domain.ontology.message import message_schema

FLOAT = "std_msgs/msg/Float64"
CUSTOM = "my_pkg/msg/Reading"
CUSTOM_DEF = "float64 value\nstring label\nint32[] counts\n"
T0 = 1_700_000_000_000_000_000
COUNTS = {"/value": 25, "/other": 7}


def values(topic: str) -> list[tuple[int, float]]:
    """The ``(log time, value)`` pairs every test recording holds for ``topic``."""
    step = 10_000_000 if topic == "/value" else 33_000_000
    base = 0.5 if topic == "/value" else -3.25
    return [(T0 + i * step + (1 if topic == "/other" else 0), base + i * 1.5)
            for i in range(COUNTS[topic])]


class Float64Mapping:
    """The test double of the ``std_msgs/msg/Float64`` -> ``Floating64`` mapping."""

    ros_type = FLOAT
    model = Floating64

    def to_batch(self, log_times_ns: Sequence[int], messages: Sequence[Any]) -> pa.RecordBatch:
        n = len(messages)
        return pa.RecordBatch.from_pydict(
            {"timestamp_ns": list(log_times_ns), "recording_timestamp_ns": list(log_times_ns),
             "frame_id": [None] * n, "sequence_id": [None] * n,
             "data": [float(m.data) for m in messages]}, schema=message_schema(Floating64))

    def from_batch(self, batch: pa.RecordBatch, types: Any) -> Iterator[tuple[int, Any]]:
        make = types.types[FLOAT]
        for row in batch.to_pylist():
            yield row["recording_timestamp_ns"], make(data=row["data"])


def double_lookup(ros_type: str, definition: str, types: Any) -> Any:
    if ros_type != FLOAT:
        raise LookupError(f"test mapping: no mapping for {ros_type}")
    return Float64Mapping()


def real_registry() -> Any:
    """The real ``mapping_for``, or None while it is not written yet."""
    try:
        from mosaicolabs.adapters.recordings.mappings import mapping_for
    except ImportError:
        return None
    return mapping_for


def _custom(store: Any) -> None:
    from rosbags.typesys import get_types_from_msg

    store.register(get_types_from_msg(CUSTOM_DEF, CUSTOM))


def _custom_message(store: Any, i: int) -> Any:
    import numpy as np

    return store.types[CUSTOM](value=i * 0.25, label=f"r{i}",
                               counts=np.array(range(i % 4), dtype=np.int32))


def write_ros2(path: Path, storage: str = "sqlite3", custom: bool = False) -> Path:
    """A ROS 2 bag directory with ``/value`` and ``/other`` (and ``/custom``)."""
    from rosbags.rosbag2 import StoragePlugin, Writer
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS2_HUMBLE)
    plugin = StoragePlugin.MCAP if storage == "mcap" else StoragePlugin.SQLITE3
    with Writer(path, version=9, storage_plugin=plugin) as writer:
        _write_all(writer, store, store.serialize_cdr, custom)
    return path


def write_ros1(path: Path, custom: bool = False) -> Path:
    """A ROS 1 ``.bag`` with the same topics."""
    from rosbags.rosbag1 import Writer
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS1_NOETIC)
    with Writer(path) as writer:
        _write_all(writer, store, store.serialize_ros1, custom)
    return path


def _write_all(writer: Any, store: Any, serialize: Any, custom: bool) -> None:
    if custom:
        _custom(store)
    connections = {t: writer.add_connection(t, FLOAT, typestore=store) for t in COUNTS}
    rows = sorted((t, topic, v) for topic in COUNTS for t, v in values(topic))
    for log_time, topic, value in rows:
        writer.write(connections[topic], log_time, serialize(store.types[FLOAT](data=value), FLOAT))
    if custom:
        connection = writer.add_connection("/custom", CUSTOM, typestore=store)
        for i in range(5):
            writer.write(connection, T0 + i, serialize(_custom_message(store, i), CUSTOM))


def write_plain_mcap(path: Path, encoding: str = "cdr") -> Path:
    """A plain MCAP file (no metadata.yaml), written with ``mcap``/``mcap_ros2``."""
    from mcap.writer import Writer
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS2_HUMBLE)
    with path.open("wb") as handle:
        writer = Writer(handle)
        writer.start(profile="ros2", library="test")
        schema = writer.register_schema(name=FLOAT, encoding="ros2msg", data=b"float64 data")
        channels = {t: writer.register_channel(topic=t, message_encoding=encoding,
                                               schema_id=schema) for t in COUNTS}
        rows = sorted((t, topic, v) for topic in COUNTS for t, v in values(topic))
        for log_time, topic, value in rows:
            data = bytes(store.serialize_cdr(store.types[FLOAT](data=value), FLOAT))
            writer.add_message(channel_id=channels[topic], log_time=log_time, data=data,
                               publish_time=log_time)
        writer.finish()
    return path
