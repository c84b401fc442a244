"""Stored chunks as mosaicod 0.3.0 makes them: by size, and per-chunk query ranges.

mosaicod closes a chunk after the batch that brings it to MOSAICOD_MAX_CHUNK_SIZE_IN_BYTES
(256 MiB by default); ``chunks_number`` counts those, and ``include_timestamp_range``
reports the matching rows' span in the last chunk holding a match.
"""

from __future__ import annotations

import pyarrow as pa
import pytest

from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.adapters.memory.uploads import DEFAULT_MAX_CHUNK_BYTES

SCHEMA = pa.schema([pa.field("timestamp_ns", pa.int64()), pa.field("value", pa.float64())])
LOC = "seq/imu"


def batch(stamps: list[int], values: list[float] | None = None) -> pa.RecordBatch:
    values = [float(t) for t in stamps] if values is None else values
    return pa.record_batch([pa.array(stamps, pa.int64()), pa.array(values)], schema=SCHEMA)


# Each one-row batch is a few hundred IPC bytes: a limit of one byte closes a chunk per batch.
ONE_PER_BATCH = 1
TWO_PER_CHUNK = pa.ipc.get_record_batch_size(batch([1])) + 1


def engine_with(batches: list[pa.RecordBatch], max_chunk_bytes: int | None,
                data_dir=None) -> MemoryEngine:
    engine = MemoryEngine(max_chunk_bytes=max_chunk_bytes, data_dir=data_dir)
    engine.create_sequence("seq", {})
    session = engine.create_session("seq")
    upload = engine.begin_upload(LOC, engine.create_topic(session, LOC, "imu", "default", {}),
                                 SCHEMA)
    for one in batches:
        upload.append(one)
    upload.commit()
    return engine


def ranges(engine: MemoryEngine, condition: dict) -> list:
    hits = engine.query({"ontology": {"imu.value": condition, "include_timestamp_range": True}})
    return [(t.time_range.start_ns, t.time_range.end_ns) for h in hits for t in h.topics]


def test_the_default_limit_is_mosaicods():
    assert DEFAULT_MAX_CHUNK_BYTES == 256 * 1024 * 1024
    engine = engine_with([batch([1, 2]), batch([3]), batch([4])], DEFAULT_MAX_CHUNK_BYTES)
    assert engine.describe_topic(LOC).chunks_number == 1  # batches are not chunks


@pytest.mark.parametrize(("limit", "chunks"), [(ONE_PER_BATCH, 4), (TWO_PER_CHUNK, 2),
                                               (None, 1), (0, 1)])
def test_chunks_close_at_the_size_limit(limit, chunks):
    engine = engine_with([batch([t]) for t in (1, 2, 3, 4)], limit)
    assert engine.describe_topic(LOC).chunks_number == chunks


def test_empty_batches_open_a_chunk_but_store_nothing():
    engine = engine_with([batch([]), batch([])], DEFAULT_MAX_CHUNK_BYTES)
    topic = engine.describe_topic(LOC)
    assert (topic.chunks_number, topic.total_bytes, topic.time_range) == (1, 0, None)
    assert engine_with([], DEFAULT_MAX_CHUNK_BYTES).describe_topic(LOC).chunks_number == 0


def test_one_chunk_reports_the_span_of_every_matching_row():
    engine = engine_with([batch([10, 20], [1.0, 5.0]), batch([30, 40], [5.0, 1.0])],
                         DEFAULT_MAX_CHUNK_BYTES)
    assert ranges(engine, {"$gt": 2.0}) == [(20, 30)]


def test_several_chunks_report_the_last_chunk_with_a_match():
    # chunks: [10, 20] and [30, 40]; value 5.0 at 10, 20 and 40
    engine = engine_with([batch([10], [5.0]), batch([20], [5.0]), batch([30], [1.0]),
                          batch([40], [5.0])], TWO_PER_CHUNK)
    assert engine.describe_topic(LOC).chunks_number == 2
    assert ranges(engine, {"$gt": 2.0}) == [(40, 40)]
    assert ranges(engine, {"$lt": 2.0}) == [(30, 30)]
    assert ranges(engine, {"$gt": 9.0}) == []


def test_chunks_follow_the_rows_when_the_upload_is_sorted():
    # uploaded out of order: the first chunk holds 40 and 30, the second 20 and 10
    engine = engine_with([batch([40], [5.0]), batch([30], [5.0]), batch([20], [5.0]),
                          batch([10], [1.0])], TWO_PER_CHUNK)
    _, batches = engine.read_topic(LOC)
    assert pa.Table.from_batches(list(batches)).column(0).to_pylist() == [10, 20, 30, 40]
    assert ranges(engine, {"$gt": 2.0}) == [(20, 20)]  # the second chunk's match


def test_chunk_layout_survives_a_restart(tmp_path):
    engine_with([batch([40], [5.0]), batch([30], [5.0]), batch([20], [5.0]),
                 batch([10], [1.0])], TWO_PER_CHUNK, data_dir=tmp_path)
    restarted = MemoryEngine(data_dir=tmp_path)
    assert restarted.describe_topic(LOC).chunks_number == 2
    assert ranges(restarted, {"$gt": 2.0}) == [(20, 20)]
