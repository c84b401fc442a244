"""Benchmark data: IMU rows as Arrow columns and as messages, and image blobs."""

from __future__ import annotations

import pyarrow as pa

from mosaicolabs import IMU, CompressedImage, Message, Vector3d
from mosaicolabs.domain.ontology.message import message_schema

T0 = 1_700_000_000_000_000_000


def _vec3(n: int, base: float) -> pa.StructArray:
    values = pa.array([base + (i % 1000) * 1e-3 for i in range(n)], pa.float64())
    nulls_list = pa.nulls(n, pa.list_(pa.float64()))
    return pa.StructArray.from_arrays(
        [values, values, values, nulls_list, pa.nulls(n, pa.int16())],
        fields=list(IMU.arrow_fields()[0].type),
    )


def imu_table(n: int) -> pa.Table:
    """``n`` IMU rows with the topic schema, 1 kHz timestamps."""
    schema = message_schema(IMU)
    columns = [
        pa.array([T0 + i * 1_000_000 for i in range(n)], pa.int64()),
        pa.nulls(n, pa.int64()), pa.nulls(n, pa.string()), pa.nulls(n, pa.uint32()),
        _vec3(n, 0.0), _vec3(n, 1.0), pa.nulls(n, IMU.arrow_fields()[2].type),
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def imu_messages(n: int) -> list[Message]:
    """``n`` IMU messages (built up front: construction is timed separately)."""
    return [Message(timestamp_ns=T0 + i * 1_000_000,
                    data=IMU(acceleration=Vector3d(x=0.1, y=0.2, z=9.8),
                             angular_velocity=Vector3d(x=0.0, y=0.0, z=0.1)))
            for i in range(n)]


def image_table(n: int, size: int) -> pa.Table:
    """``n`` compressed frames of ``size`` bytes each."""
    blob = bytes(range(256)) * (size // 256)
    schema = message_schema(CompressedImage)
    columns = [
        pa.array([T0 + i * 33_000_000 for i in range(n)], pa.int64()),
        pa.nulls(n, pa.int64()), pa.nulls(n, pa.string()), pa.nulls(n, pa.uint32()),
        pa.array([blob] * n, pa.binary()), pa.array(["jpeg"] * n),
    ]
    return pa.Table.from_arrays(columns, schema=schema)
