"""The ML benchmark's and conformance test's sequence: IMU 200 Hz, GPS 10 Hz, a Floating64.

* ``/imu``: IMU at 200 Hz over ``[T0, T0 + duration)``; covariance lists on every 7th row.
* ``/gps``: GPS at 10 Hz over ``[T0, T0 + duration]`` (inclusive: its last fix is the
  sequence's last message, at a multiple of 5 s from the start, where the official
  ``DataFrameExtractor`` loses it); ``velocity`` null on every 3rd fix.
* ``/speed``: Floating64 at 50 Hz, starting 1.5 s late and ending 2 s early, one duplicate
  timestamp (two messages at the same instant).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from mosaicolabs import GPS, IMU, Floating64
from mosaicolabs.domain.ontology.message import message_schema

__all__ = ["T0", "rows_for", "sequence_tables", "write_sequence"]

T0 = 1_700_000_000_000_000_000
SECOND = 1_000_000_000


def _column(field: pa.Field, n: int, rng: np.random.Generator, every: int = 0) -> pa.Array:
    kind = field.type
    if pa.types.is_struct(kind):
        children = [_column(kind.field(i), n, rng, every) for i in range(kind.num_fields)]
        return pa.StructArray.from_arrays(children, fields=[kind.field(i)
                                                            for i in range(kind.num_fields)])
    if pa.types.is_floating(kind):
        return pa.array(np.round(rng.normal(0.0, 1.0, n), 6), kind)
    if pa.types.is_list(kind) and every:
        lists: list[Any] = [[float(i), 0.5] if i % every == 0 else None for i in range(n)]
        return pa.array(lists, kind)
    if pa.types.is_integer(kind) and not field.nullable:
        return pa.array(rng.integers(0, 100, n), kind)
    return pa.nulls(n, kind)


def _table(model: type, stamps: np.ndarray, seed: int, every: int = 0) -> pa.Table:
    schema = message_schema(model)
    rng = np.random.default_rng(seed)
    n = len(stamps)
    columns = [pa.array(stamps, pa.int64())]
    columns += [_column(schema.field(i), n, rng, every) for i in range(1, len(schema))]
    return pa.Table.from_arrays(columns, schema=schema)


def sequence_tables(duration_s: int) -> dict[str, tuple[type, pa.Table]]:
    """Topic name -> (model, table) of the sequence lasting ``duration_s`` seconds."""
    imu_t = T0 + np.arange(duration_s * 200, dtype=np.int64) * 5_000_000
    gps_t = T0 + np.arange(duration_s * 10 + 1, dtype=np.int64) * 100_000_000
    speed_t = T0 + 1_500_000_000 + np.arange((duration_s - 3) * 50 - 25,
                                             dtype=np.int64) * 20_000_000
    speed_t[10] = speed_t[9]  # a duplicate timestamp
    gps = _table(GPS, gps_t, 2)
    velocity = gps.column("velocity").combine_chunks()
    mask = pa.array(np.arange(len(gps_t)) % 3 == 0)
    nulled = pa.StructArray.from_arrays(velocity.flatten(), fields=list(velocity.type),
                                        mask=mask)
    gps = gps.set_column(gps.schema.get_field_index("velocity"), gps.schema.field("velocity"),
                         nulled)
    return {"/imu": (IMU, _table(IMU, imu_t, 1, every=7)), "/gps": (GPS, gps),
            "/speed": (Floating64, _table(Floating64, speed_t, 3))}


def rows_for(duration_s: int) -> int:
    """Messages in the sequence lasting ``duration_s`` seconds."""
    return sum(t.num_rows for _, t in sequence_tables(duration_s).values())


def write_sequence(client: Any, name: str, duration_s: int) -> int:
    """Write the sequence with our client; returns its number of messages."""
    tables = sequence_tables(duration_s)
    with client.sequence_create(name, {}) as writer:
        for topic, (model, table) in tables.items():
            writer.topic_create(topic, {}, model).push_batch(table)
    return sum(t.num_rows for _, t in tables.values())
