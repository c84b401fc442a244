"""Benchmark data: IMU rows as Arrow columns and as messages, and image blobs."""

from __future__ import annotations

import pyarrow as pa

from mosaicolabs import IMU, CompressedImage, Image, Message, Vector3d
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


def imu_sensor_table(n: int, seed: int = 7) -> pa.Table:
    """``n`` IMU rows like a real 1 kHz sensor: smooth motion plus noise, 1e-3 resolution."""
    import numpy as np

    rng = np.random.default_rng(seed)
    t = np.arange(n)

    def vec3(scale: float) -> pa.StructArray:
        axes = [pa.array(np.round(scale * np.sin(t / (50 + k)) + rng.normal(0, 0.01, n), 3))
                for k in range(3)]
        fields = list(IMU.arrow_fields()[0].type)
        return pa.StructArray.from_arrays(
            axes + [pa.nulls(n, fields[3].type), pa.nulls(n, pa.int16())], fields=fields)

    columns = [pa.array(T0 + t * 1_000_000, pa.int64()),
               pa.nulls(n, pa.int64()), pa.nulls(n, pa.string()), pa.nulls(n, pa.uint32()),
               vec3(9.8), vec3(0.5), pa.nulls(n, IMU.arrow_fields()[2].type)]
    return pa.Table.from_arrays(columns, schema=message_schema(IMU))


def raw_image_table(n: int, width: int = 640, height: int = 480, seed: int = 7) -> pa.Table:
    """``n`` raw rgb8 frames: a moving gradient with light sensor noise (compressible)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    frames = []
    for i in range(n):
        base = np.stack([(x + 2 * i) % 256, (y + i) % 256, (x + y) // 5 % 256], axis=-1)
        noise = rng.integers(-1, 2, base.shape) * (rng.random(base.shape) < 0.25)
        noisy = base + noise  # +-1 sensor noise on a quarter of the samples
        frames.append(np.clip(noisy, 0, 255).astype(np.uint8).tobytes())
    schema = message_schema(Image)
    columns = [
        pa.array([T0 + i * 33_000_000 for i in range(n)], pa.int64()),
        pa.nulls(n, pa.int64()), pa.nulls(n, pa.string()), pa.nulls(n, pa.uint32()),
        pa.array(frames, pa.binary()), pa.array(["raw"] * n), pa.array([width] * n, pa.int32()),
        pa.array([height] * n, pa.int32()), pa.array([3 * width] * n, pa.int32()),
        pa.array(["rgb8"] * n), pa.array([False] * n),
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def jpeg_like_table(n: int, size: int, seed: int = 7) -> pa.Table:
    """``n`` frames of ``size`` random bytes: as incompressible as real JPEG data."""
    import numpy as np

    rng = np.random.default_rng(seed)
    blobs = [rng.integers(0, 256, size, dtype=np.uint8).tobytes() for _ in range(n)]
    schema = message_schema(CompressedImage)
    columns = [
        pa.array([T0 + i * 33_000_000 for i in range(n)], pa.int64()),
        pa.nulls(n, pa.int64()), pa.nulls(n, pa.string()), pa.nulls(n, pa.uint32()),
        pa.array(blobs, pa.binary()), pa.array(["jpeg"] * n),
    ]
    return pa.Table.from_arrays(columns, schema=schema)
