"""Ontology conditions as mosaicod 0.3.0 evaluates them (§6.3).

Each stored chunk's min/max decides first whether it is searched (``$eq v``: only a chunk
whose values all equal v); then its rows must meet every condition of the tag at once.
Groups of different tags intersect sequences. Here each topic is one chunk; see
tests/unit/test_engine_chunks.py for several. ``REFUSED``: mosaicod's ``facade error``.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.adapters.memory.query_ops import QueryNotSupportedError
from mosaicolabs.domain.catalog import TimeRange
from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.domain.query_result import QueryHit, QueryTopicHit

XYZ = pa.struct([("x", pa.float64()), ("y", pa.float64())])
IMU_S1 = pa.table({  # the null row (40) has a null struct, a null frame and a null flag
    "timestamp_ns": pa.array([10, 20, 30, 40], pa.int64()),
    "recording_timestamp_ns": pa.array([11, 21, 31, 41], pa.int64()),
    "frame_id": ["base", "base", "arm", None],
    "sequence_id": pa.array([1, 2, 3, 4], pa.uint32()),
    "flag": [True, False, None, True],
    "acceleration": pa.array([{"x": 1, "y": 0}, {"x": 6, "y": 0}, {"x": 7, "y": 9}, None], XYZ),
})
IMU_S2 = pa.table({  # no sequence_id and no flag column: those tests cannot match here
    "timestamp_ns": pa.array([100, 200], pa.int64()),
    "recording_timestamp_ns": pa.array([101, 201], pa.int64()),
    "frame_id": ["base", "arm"],
    "acceleration": pa.array([{"x": 0.5, "y": 1}, {"x": 5.5, "y": 1}], XYZ),
})
GPS_S1 = pa.table({
    "timestamp_ns": pa.array([5, 15], pa.int64()),
    "status": pa.array([{"code": 1, "name": "ok"}, {"code": 2, "name": "bad"}],
                       pa.struct([("code", pa.int16()), ("name", pa.large_string())])),
})
BARE_IMU = pa.table({"timestamp_ns": pa.array([1], pa.int64()), "frame_id": ["base"]})
REFUSED = QueryNotSupportedError


def upload(eng: MemoryEngine, locator: str, tag: str, table: pa.Table | None) -> None:
    sequence = locator.partition("/")[0]
    if sequence not in eng.list_sequences():
        eng.create_sequence(sequence, {})
    topic_uuid = eng.create_topic(eng.create_session(sequence), locator, tag, "default", {})
    if table is not None:
        writer = eng.begin_upload(locator, topic_uuid, table.schema)
        for batch in table.to_batches(max_chunksize=2):  # several chunks, like real uploads
            writer.append(batch)
        writer.commit()


@pytest.fixture(scope="module")
def engine() -> MemoryEngine:
    eng = MemoryEngine()
    upload(eng, "s2/imu", "imu", IMU_S2)
    upload(eng, "s1/imu", "imu", IMU_S1)
    upload(eng, "s1/gps", "gps", GPS_S1)
    upload(eng, "s3/imu", "imu", None)  # no data: never matches, never decides an error
    return eng


def ranges(hits: list[QueryHit]) -> dict[str, tuple[int, int] | None]:
    return {
        hit.sequence_name + t.name: t.time_range and (t.time_range.start_ns, t.time_range.end_ns)
        for hit in hits for t in hit.topics
    }


def run(engine: MemoryEngine, want_range: bool = True, **conditions):
    """Ranges by topic for the conditions, or REFUSED where mosaicod would refuse."""
    block = {key.replace("__", "."): value for key, value in conditions.items()}
    try:
        hits = engine.query({"ontology": {**block, "include_timestamp_range": want_range}})
    except QueryNotSupportedError:
        return REFUSED
    return ranges(hits)


@pytest.mark.parametrize(
    ("key", "condition", "expected"),
    [
        ("imu.acceleration.x", {"$gt": 5.0}, {"s1/imu": (20, 30), "s2/imu": (200, 200)}),
        ("imu.acceleration.x", {"$gt": 5}, {"s1/imu": (20, 30), "s2/imu": (200, 200)}),
        ("imu.acceleration.x", {"$geq": 6}, {"s1/imu": (20, 30)}),
        # s1's null struct stores x = 0, which its statistics count (mosaicod reads the
        # child as stored) though no row has it: the chunk is searched, no row matches
        ("imu.acceleration.x", {"$lt": 1}, REFUSED),
        ("imu.acceleration.x", {"$leq": 1}, {"s1/imu": (10, 10), "s2/imu": (100, 100)}),
        ("imu.acceleration.x", {"$eq": 7}, {}),  # s1 holds 1, 6 and 7: min != max
        ("imu.acceleration.x", {"$between": [7, 7]}, {"s1/imu": (30, 30)}),
        ("imu.acceleration.y", {"$eq": 1}, {"s2/imu": (100, 200)}),  # every s2 value is 1
        ("imu.acceleration.x", {"$between": [6, 7]}, {"s1/imu": (20, 30)}),
        ("imu.acceleration.x", {"$gt": 100}, {}),
        # searched (min <= 5, max >= 2) without a row in [2, 5]: mosaicod fails the query
        ("imu.acceleration.x", {"$between": [2, 5]}, REFUSED),
        ("imu.frame_id", {"$eq": "arm"}, {}),  # "arm" and "base" in each chunk
        ("imu.frame_id", {"$between": ["arm", "arm"]}, {"s1/imu": (30, 30), "s2/imu": (200, 200)}),
        ("imu.frame_id", {"$lt": "b"}, {"s1/imu": (30, 30), "s2/imu": (200, 200)}),
        ("imu.frame_id", {"$geq": "base"}, {"s1/imu": (10, 20), "s2/imu": (100, 100)}),
        ("imu.timestamp_ns", {"$geq": 30}, {"s1/imu": (30, 40), "s2/imu": (100, 200)}),
        ("imu.timestamp_ns", {"$between": [15, 150]}, {"s1/imu": (20, 40), "s2/imu": (100, 100)}),
        ("imu.sequence_id", {"$eq": 2}, {}),  # s2 lacks the column; s1 holds 1..4
        ("imu.sequence_id", {"$gt": 2.5}, {"s1/imu": (30, 40)}),  # float against uint32
        ("imu.flag", {"$eq": True}, {}),  # s1 holds both (the null is left out)
        ("imu.flag", {"$gt": False}, {"s1/imu": (10, 40)}),  # bools order: false < true
        ("imu.flag", {"$between": [True, True]}, {"s1/imu": (10, 40)}),
        ("gps.status.code", {"$geq": 2}, {"s1/gps": (15, 15)}),
        ("gps.status.name", {"$geq": "c"}, {"s1/gps": (5, 5)}),  # large_string column
        ("lidar.range", {"$gt": 1}, {}),  # no topic has that tag: no match, no error
        # what mosaicod does not run on ontology fields
        ("imu.acceleration.x", {"$neq": 1}, REFUSED),
        ("imu.acceleration.x", {"$in": [1, 5.5]}, REFUSED),
        ("imu.frame_id", {"$in": ["base"]}, REFUSED),
        ("imu.frame_id", {"$match": "as"}, REFUSED),
        ("imu.frame_id", "$ex", REFUSED),
        ("imu.flag", {"$neq": True}, REFUSED),
        ("imu.flag", {"$eq": 1}, REFUSED),  # a number against a bool column
        ("imu.acceleration.x", {"$lt": True}, REFUSED),  # and the reverse
    ],
)
def test_single_condition(engine, key, condition, expected):
    assert run(engine, **{key.replace(".", "__"): condition}) == expected


def test_a_value_stored_under_a_null_struct_counts_in_statistics_only(engine):
    # Without ranges, the searched s1 chunk simply has no matching row.
    assert run(engine, want_range=False, imu__acceleration__x={"$lt": 1}) == {"s2/imu": None}


def test_conditions_of_a_tag_must_hold_on_the_same_row(engine):
    assert run(engine, imu__acceleration__x={"$gt": 5}, imu__acceleration__y={"$lt": 1}) == {
        "s1/imu": (20, 20)
    }
    # x <= 1 holds at t=10, y >= 9 at t=30, never together: the chunk is searched (its
    # statistics fit both) and holds no such row, so asking for ranges fails on mosaicod
    both = {"imu__acceleration__x": {"$leq": 1}, "imu__acceleration__y": {"$geq": 9}}
    assert run(engine, want_range=False, **both) == {}
    assert run(engine, **both) is REFUSED
    assert run(engine, imu__frame_id={"$leq": "arm"}, imu__timestamp_ns={"$gt": 100}) == {
        "s2/imu": (200, 200)
    }


def test_tag_groups_intersect_sequences_and_unite_topics(engine):
    block = {"imu.acceleration.x": {"$gt": 5}, "gps.status.code": {"$geq": 2}}
    hits = engine.query({"ontology": {**block, "include_timestamp_range": True}})
    assert hits == [QueryHit("s1", (QueryTopicHit("/gps", TimeRange(15, 15)),
                                    QueryTopicHit("/imu", TimeRange(20, 30))))]
    assert run(engine, imu__acceleration__x={"$gt": 5}, gps__status__code={"$gt": 3}) == {}
    assert run(engine, imu__acceleration__x={"$gt": 5}, lidar__range={"$gt": 1}) == {}


def test_without_include_timestamp_range_no_range_is_given(engine):
    for block in ({"imu.acceleration.x": {"$gt": 5}},
                  {"imu.acceleration.x": {"$gt": 5}, "include_timestamp_range": False}):
        assert ranges(engine.query({"ontology": block})) == {"s1/imu": None, "s2/imu": None}


def test_an_ontology_block_without_condition_is_refused(engine):
    # mosaicod answers nothing for it, whatever the other blocks say: we say why instead
    for block in ({"include_timestamp_range": True}, {}):
        with pytest.raises(InvalidRequestError, match="no condition"):
            engine.query({"sequence": {"locator": {"$eq": "s1"}}, "ontology": block})


def test_a_chunk_without_values_is_searched_for_any_eq():
    # Its statistics keep the placeholders min = +1.8e308, max = -1.8e308, which pass
    # "min >= v and max <= v" for every v: no row matches, so asking for ranges fails.
    eng = MemoryEngine()
    upload(eng, "n/imu", "imu", pa.table({"timestamp_ns": pa.array([1], pa.int64()),
                                          "speed": pa.array([None], pa.float64())}))
    assert run(eng, want_range=False, imu__speed={"$eq": 3}) == {}
    assert run(eng, imu__speed={"$eq": 3}) is REFUSED
    assert run(eng, imu__speed={"$gt": 3}) == {}


def test_ontology_combines_with_sequence_and_topic_blocks(engine):
    ontology = {"imu.acceleration.x": {"$gt": 5}}
    query = {"sequence": {"locator": {"$eq": "s2"}}, "ontology": ontology}
    assert ranges(engine.query(query)) == {"s2/imu": None}
    query = {"topic": {"ontology_tag": {"$eq": "gps"}}, "ontology": ontology}
    assert engine.query(query) == []


def test_topics_lacking_a_column_do_not_match_when_others_have_it():
    eng = MemoryEngine()
    upload(eng, "a/imu", "imu", BARE_IMU)
    upload(eng, "b/imu", "imu", IMU_S2)
    assert ranges(eng.query({"ontology": {"imu.acceleration.x": {"$gt": 0}}})) == {"b/imu": None}


def test_hundred_thousand_rows_match_numpy():
    n = 100_000
    rng = np.random.default_rng(7)
    x, y = rng.normal(0, 2, n), rng.normal(0, 2, n)
    stamps = np.arange(n, dtype=np.int64) * 10 + 5
    table = pa.table({
        "timestamp_ns": stamps,
        "acceleration": pa.StructArray.from_arrays([pa.array(x), pa.array(y)], fields=list(XYZ)),
    })
    eng = MemoryEngine()
    upload(eng, "big/imu", "imu", table.slice(0, 0))  # an empty commit first: no match
    assert run(eng, imu__acceleration__x={"$gt": 0}) == {}
    upload(eng, "big/imu2", "imu", table)
    both = (x > 6.5) & (y < 0)
    expected = (int(stamps[both].min()), int(stamps[both].max()))
    assert run(eng, imu__acceleration__x={"$gt": 6.5}, imu__acceleration__y={"$lt": 0}) == {
        "big/imu2": expected
    }
    window = (x >= -0.01) & (x <= 0.01) & (stamps > 500_000)
    assert run(eng, imu__acceleration__x={"$between": [-0.01, 0.01]},
               imu__timestamp_ns={"$gt": 500_000}) == {
        "big/imu2": (int(stamps[window].min()), int(stamps[window].max()))
    }
    assert run(eng, imu__acceleration__x={"$gt": float(x.max())}) == {}
