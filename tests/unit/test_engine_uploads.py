"""Topic uploads (DoPut) and reads (DoGet) of the in-process engine."""

from __future__ import annotations

import uuid as uuidlib

import pyarrow as pa
import pytest

from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.adapters.memory.uploads import read_sorted
from mosaicolabs.domain.catalog import TimeRange
from mosaicolabs.domain.errors import ConflictError, InvalidRequestError, NotFoundError

SCHEMA = pa.schema([pa.field("timestamp_ns", pa.int64()), pa.field("v", pa.string())])
LOC = "seq/imu"


class Clock:
    now = 5_000

    def __call__(self) -> int:
        return self.now


def batch(timestamps, schema=SCHEMA):
    values = [f"v{t}" for t in timestamps]
    return pa.record_batch([pa.array(timestamps, pa.int64()), pa.array(values)], schema=schema)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def engine(clock):
    eng = MemoryEngine(clock=clock)
    eng.create_sequence("seq", {})
    eng.session = eng.create_session("seq")
    eng.topic_uuid = eng.create_topic(eng.session, LOC, "imu", "default", {})
    return eng


def read(engine, start=None, end=None, locator=LOC):
    _, batches = engine.read_topic(locator, start, end)
    batches = list(batches)
    assert all(b.num_rows > 0 for b in batches), "readers must never get empty batches"
    return pa.Table.from_batches(batches, schema=SCHEMA) if batches else None


def stored(engine, start=None, end=None):
    table = read(engine, start, end)
    return [] if table is None else table.column("timestamp_ns").to_pylist()


def commit(engine, *chunks):
    up = engine.begin_upload(LOC, engine.topic_uuid, SCHEMA)
    for ts in chunks:
        up.append(batch(ts))
    up.commit()


# -- begin_upload -------------------------------------------------------------------------


@pytest.mark.parametrize("wrong", [str(uuidlib.uuid4()), "", "not-a-uuid"])
def test_begin_upload_needs_the_topic_uuid(engine, wrong):
    with pytest.raises(InvalidRequestError):
        engine.begin_upload(LOC, wrong, SCHEMA)
    engine.begin_upload(LOC, engine.topic_uuid, SCHEMA).abort()  # nothing was left open


@pytest.mark.parametrize(
    "schema",
    [
        pa.schema([pa.field("v", pa.string())]),
        pa.schema([pa.field("timestamp", pa.int64())]),
        pa.schema([pa.field("timestamp_ns", pa.int32())]),
        pa.schema([pa.field("timestamp_ns", pa.uint64())]),
        pa.schema([pa.field("timestamp_ns", pa.float64())]),
        pa.schema([pa.field("timestamp_ns", pa.timestamp("ns"))]),
        pa.schema([pa.field("timestamp_ns", pa.string())]),
    ],
)
def test_begin_upload_requires_int64_timestamp_ns(engine, schema):
    with pytest.raises(InvalidRequestError):
        engine.begin_upload(LOC, engine.topic_uuid, schema)
    commit(engine, [1])  # the refused attempt did not block the topic
    assert engine.describe_topic(LOC).locked


def test_begin_upload_on_missing_topic(engine):
    with pytest.raises(NotFoundError):
        engine.begin_upload("seq/none", engine.topic_uuid, SCHEMA)


def test_second_upload_while_one_is_open_is_a_conflict(engine):
    first = engine.begin_upload(LOC, engine.topic_uuid, SCHEMA)
    with pytest.raises(ConflictError):
        engine.begin_upload(LOC, engine.topic_uuid, SCHEMA)
    first.append(batch([1, 2]))
    first.commit()
    assert stored(engine) == [1, 2]


def test_upload_on_locked_topic_is_a_conflict(engine):
    commit(engine, [1])
    with pytest.raises(ConflictError):
        engine.begin_upload(LOC, engine.topic_uuid, SCHEMA)
    assert stored(engine) == [1]


# -- batches and commit -------------------------------------------------------------------


@pytest.mark.parametrize(
    "other",
    [
        pa.schema([pa.field("timestamp_ns", pa.int64())]),
        pa.schema([pa.field("timestamp_ns", pa.int64()), pa.field("v", pa.large_string())]),
        pa.schema([pa.field("timestamp_ns", pa.int64()), pa.field("w", pa.string())]),
        pa.schema([pa.field("v", pa.string()), pa.field("timestamp_ns", pa.int64())]),
        SCHEMA.append(pa.field("extra", pa.int8())),
    ],
)
def test_batch_with_other_schema_is_refused_and_nothing_is_lost(engine, other):
    up = engine.begin_upload(LOC, engine.topic_uuid, SCHEMA)
    up.append(batch([3, 1]))
    bad = pa.Table.from_pylist([{f.name: None for f in other}], schema=other).to_batches()[0]
    with pytest.raises(InvalidRequestError):
        up.append(bad)
    up.append(batch([2]))
    up.commit()
    assert stored(engine) == [1, 2, 3]
    assert engine.describe_topic(LOC).chunks_number == 1  # mosaicod chunks by size


def test_schema_metadata_does_not_count_as_a_difference(engine):
    up = engine.begin_upload(LOC, engine.topic_uuid, SCHEMA.with_metadata({"a": "1"}))
    up.append(batch([7], SCHEMA.with_metadata({"b": "2"})))
    up.commit()
    assert stored(engine) == [7]
    assert engine.describe_topic(LOC).schema.equals(SCHEMA, check_metadata=True)


def test_data_is_invisible_until_commit(engine):
    up = engine.begin_upload(LOC, engine.topic_uuid, SCHEMA)
    up.append(batch([1, 2]))
    topic = engine.describe_topic(LOC)
    assert (topic.locked, topic.chunks_number, topic.time_range) == (False, 0, None)
    assert stored(engine) == []
    up.commit()
    assert stored(engine) == [1, 2]


def test_commit_sorts_rows_and_records_statistics(engine, clock):
    clock.now = 9_999
    up = engine.begin_upload(LOC, engine.topic_uuid, SCHEMA)
    assert up.locator == LOC
    for chunk in ([50, 10, 30], [], [40, 20], []):
        up.append(batch(chunk))
    up.commit()
    table = read(engine)
    assert table.column("timestamp_ns").to_pylist() == [10, 20, 30, 40, 50]
    assert table.column("v").to_pylist() == ["v10", "v20", "v30", "v40", "v50"]  # rows kept whole
    topic = engine.describe_topic(LOC)
    assert topic.chunks_number == 1  # mosaicod chunks by size, not by batch
    assert topic.total_bytes > 0  # the empty batches are not stored
    expected = sum(pa.ipc.get_record_batch_size(batch(c)) for c in ([50, 10, 30], [40, 20]))
    assert topic.total_bytes == expected
    assert topic.time_range == TimeRange(10, 50)
    assert (topic.locked, topic.completed_at_ns) == (True, 9_999)
    assert topic.schema.equals(SCHEMA)


def test_commit_with_only_empty_batches_locks_an_empty_topic(engine):
    commit(engine, [], [])
    topic = engine.describe_topic(LOC)
    # An empty batch still opens a stored chunk on mosaicod 0.3.0 (a file of no rows).
    assert (topic.locked, topic.chunks_number, topic.total_bytes, topic.time_range) == (
        True, 1, 0, None)
    assert stored(engine) == []
    engine.finalize_session(engine.session)  # an empty upload still counts as completed


def test_finished_upload_refuses_more_calls(engine):
    up = engine.begin_upload(LOC, engine.topic_uuid, SCHEMA)
    up.append(batch([1]))
    up.commit()
    with pytest.raises(ConflictError):
        up.append(batch([2]))
    with pytest.raises(ConflictError):
        up.commit()
    up.abort()  # too late to abort: a no-op
    assert engine.describe_topic(LOC).locked
    assert stored(engine) == [1]


def test_abort_leaves_topic_unlocked_and_empty(engine):
    up = engine.begin_upload(LOC, engine.topic_uuid, SCHEMA)
    up.append(batch([1, 2, 3]))
    up.abort()
    up.abort()  # idempotent
    with pytest.raises(ConflictError):
        up.append(batch([4]))
    topic = engine.describe_topic(LOC)
    assert (topic.locked, topic.chunks_number, topic.total_bytes, topic.time_range) == (
        False, 0, 0, None)
    assert stored(engine) == []
    with pytest.raises(ConflictError):
        engine.finalize_session(engine.session)
    commit(engine, [8, 9])  # a new upload can start
    assert stored(engine) == [8, 9]
    engine.finalize_session(engine.session)


def test_null_timestamps_are_refused(engine):
    up = engine.begin_upload(LOC, engine.topic_uuid, SCHEMA)
    with pytest.raises(InvalidRequestError):
        up.append(pa.record_batch([pa.array([1, None], pa.int64()), pa.array(["a", "b"])],
                                  schema=SCHEMA))


# -- reads --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, [10, 20, 20, 30, 40]),
        (20, 40, [20, 20, 30]),  # start inclusive, end exclusive
        (None, 20, [10]),
        (21, None, [30, 40]),
        (10, 11, [10]),
        (40, 41, [40]),
        (40, 40, []),
        (41, None, []),
        (None, 10, []),
        (15, 16, []),
        (50, 10, []),  # inverted range
        (-(2**63), 2**63 - 1, [10, 20, 20, 30, 40]),
    ],
)
def test_read_topic_filters_half_open_range(engine, start, end, expected):
    commit(engine, [40, 20], [10, 30, 20])
    assert stored(engine, start, end) == expected


def test_read_returns_the_topic_snapshot(engine):
    commit(engine, [3, 1])
    topic, batches = engine.read_topic(LOC, 2, None)
    assert topic.locator == LOC and topic.time_range == TimeRange(1, 3)
    assert [b.column(1).to_pylist() for b in batches] == [["v3"]]


def test_read_of_a_topic_without_data(engine):
    topic, batches = engine.read_topic(LOC)
    assert topic.schema is None
    assert list(batches) == []
    with pytest.raises(NotFoundError):
        engine.read_topic("seq/none")


def test_read_sorted_splits_large_results_without_empty_batches():
    table = pa.Table.from_batches([batch([1, 2, 3, 4, 5])])
    chunks = list(read_sorted(table, 2, None, max_rows=2))
    assert [c.num_rows for c in chunks] == [2, 2]
    assert [c.column(0).to_pylist() for c in chunks] == [[2, 3], [4, 5]]
    assert list(read_sorted(table.slice(0, 0), None, None)) == []
    assert list(read_sorted(table, 6, None)) == []
