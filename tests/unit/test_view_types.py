"""Downloads in Arrow's view layouts (what mosaicod 0.3.0 sends) come out in the declared ones."""

from __future__ import annotations

import pyarrow as pa

from mosaicolabs.adapters.flight.view_types import classic_schema


def test_nested_view_types_become_classic_and_metadata_survives():
    sent = pa.schema([
        pa.field("frame_id", pa.string_view(), metadata={b"description": b"frame"}),
        pa.field("data", pa.struct([pa.field("blob", pa.binary_view(), nullable=False),
                                    pa.field("tags", pa.list_(pa.string_view()))])),
        pa.field("n", pa.int64(), nullable=False),
    ], metadata={b"mosaico:context": b"topic"})
    wanted = classic_schema(sent)
    assert wanted == pa.schema([
        pa.field("frame_id", pa.string()),
        pa.field("data", pa.struct([pa.field("blob", pa.binary(), nullable=False),
                                    pa.field("tags", pa.list_(pa.string()))])),
        pa.field("n", pa.int64(), nullable=False),
    ])
    assert wanted.metadata == {b"mosaico:context": b"topic"}
    assert wanted.field("frame_id").metadata == {b"description": b"frame"}
    batch = pa.RecordBatch.from_pylist(
        [{"frame_id": "imu", "data": {"blob": b"\x00\xff", "tags": ["a"]}, "n": 1}], schema=sent)
    assert batch.cast(wanted).to_pylist() == batch.to_pylist()


def test_a_schema_without_view_types_needs_no_cast():
    assert classic_schema(pa.schema([pa.field("x", pa.float64())])) is None
