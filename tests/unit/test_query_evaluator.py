"""Query evaluation over sequence and topic fields and user metadata, as mosaicod 0.3.0 does.

Plain fields compare as SQL columns (``$match`` is ``LIKE '%v%'``); user metadata as
PostgreSQL compares ``user_metadata #>> path`` (see adapters/memory/query_metadata.py).
``REFUSED`` marks what mosaicod answers with INTERNAL ``facade error``.
"""

from __future__ import annotations

import pytest

from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.adapters.memory.query_ops import QueryNotSupportedError
from mosaicolabs.domain.query_result import QueryHit, QueryTopicHit

REFUSED = QueryNotSupportedError
SEQUENCES = {  # name -> (created_at_ns, user_metadata); created in this order
    "drive_b": (200, {"env": {"visibility": 80.5, "weather": "sun"}, "speed": 30, "night": False,
                      "flag": 1}),
    "drive_a": (100, {"env": {"visibility": 40, "weather": "rain"}, "speed": 12.5, "night": True,
                      "tags": ["x", "y"], "note": None}),
    "parking": (300, {"env": {"visibility": " 45 "}, "label": "n/a"}),
    "empty_seq": (400, {"env": {"visibility": 10}}),  # no topics: never in a result
}
ALL = ["drive_a", "drive_b", "parking"]
TOPICS = [  # (locator, tag, format, created_at_ns, user_metadata)
    ("drive_b/sensors/imu", "imu", "default", 3000, {"interface": {"type": "CAN"}, "rate": 200}),
    ("drive_a/sensors/imu", "imu", "default", 1000, {"interface": {"type": "UART"}, "rate": 100}),
    ("drive_a/camera/front", "image", "image", 2000, {"rate": 30.0}),
    ("parking/sensors/gps", "gps", "ragged", 4000, {}),
]
A_IMU, A_CAM, B_IMU, P_GPS = (
    "drive_a/sensors/imu", "drive_a/camera/front", "drive_b/sensors/imu", "parking/sensors/gps"
)


class Clock:
    now = 0

    def __call__(self) -> int:
        return self.now


@pytest.fixture(scope="module")
def engine() -> MemoryEngine:
    clock = Clock()
    eng = MemoryEngine(clock=clock)
    for name, (created, meta) in SEQUENCES.items():
        clock.now = created
        eng.create_sequence(name, meta)
    for locator, tag, fmt, created, meta in TOPICS:
        clock.now = created
        session = eng.create_session(locator.partition("/")[0])
        eng.create_topic(session, locator, tag, fmt, meta)
    return eng


def sequences(hits: list[QueryHit]) -> list[str]:
    return [hit.sequence_name for hit in hits]


def locators(hits: list[QueryHit]) -> list[str]:
    """``<seq>/<topic>`` in result order (sequences by name, topics by name)."""
    return [hit.sequence_name + topic.name for hit in hits for topic in hit.topics]


def outcome(engine: MemoryEngine, query: dict, shown=None):
    """What ``shown`` makes of the hits, or REFUSED when mosaicod would refuse."""
    try:
        hits = engine.query(query)
    except QueryNotSupportedError:
        return REFUSED
    return (shown or sequences)(hits)


def test_a_query_without_condition_answers_nothing(engine):
    # mosaicod does not list the whole server for a query that filters nothing.
    for query in ({}, {"sequence": None, "topic": {}}, {"sequence": {"user_metadata": {}}}):
        assert engine.query(query) == []


def test_topics_come_grouped_and_ordered(engine):
    assert engine.query({"sequence": {"locator": "$ex"}}) == [
        QueryHit("drive_a", (QueryTopicHit("/camera/front"), QueryTopicHit("/sensors/imu"))),
        QueryHit("drive_b", (QueryTopicHit("/sensors/imu"),)),
        QueryHit("parking", (QueryTopicHit("/sensors/gps"),)),
    ]


@pytest.mark.parametrize(
    ("field", "condition", "expected"),
    [
        ("locator", {"$eq": "drive_a"}, ["drive_a"]),
        ("locator", {"$neq": "drive_a"}, ["drive_b", "parking"]),
        ("locator", {"$in": ["parking", "drive_b", "nope"]}, ["drive_b", "parking"]),
        ("locator", {"$in": []}, REFUSED),
        ("locator", {"$match": "drive"}, ["drive_a", "drive_b"]),
        ("locator", {"$match": "Drive"}, []),  # case-sensitive
        ("locator", {"$match": "ive_a"}, ["drive_a"]),
        ("locator", {"$match": "iv_"}, ["drive_a", "drive_b"]),  # LIKE: '_' is any character
        ("locator", {"$match": "e%b"}, ["drive_b"]),  # ... and '%' any run of them
        ("locator", {"$match": "%"}, ALL),
        ("locator", {"$match": "e\\_"}, ["drive_a", "drive_b"]),  # an escaped '_' is itself
        ("locator", "$ex", ALL),  # the column is never NULL
        ("locator", {"$nex": None}, []),
        ("created_at_ns", {"$eq": 200}, ["drive_b"]),
        ("created_at_ns", {"$neq": 200}, ["drive_a", "parking"]),
        ("created_at_ns", {"$lt": 200}, ["drive_a"]),
        ("created_at_ns", {"$leq": 200}, ["drive_a", "drive_b"]),
        ("created_at_ns", {"$gt": 200}, ["parking"]),
        ("created_at_ns", {"$geq": 200}, ["drive_b", "parking"]),
        ("created_at_ns", {"$between": [100, 200]}, ["drive_a", "drive_b"]),
        ("created_at_ns", {"$between": [150, 150]}, []),
        ("created_at_ns", {"$in": [100, 300]}, REFUSED),
        ("created_at_ns", "$ex", ALL),
    ],
)
def test_sequence_fields(engine, field, condition, expected):
    assert outcome(engine, {"sequence": {field: condition}}) == expected


@pytest.mark.parametrize(
    ("path", "condition", "expected"),
    [
        # numbers: the stored text cast to numeric (" 45 " reads as 45)
        ("env.visibility", {"$lt": 50}, ["drive_a", "parking"]),
        ("env.visibility", {"$lt": 50.0}, ["drive_a", "parking"]),
        ("env.visibility", {"$eq": 80.5}, ["drive_b"]),
        ("env.visibility", {"$geq": 40}, ALL),
        ("env.visibility", {"$leq": 40.0}, ["drive_a"]),
        ("env.visibility", {"$gt": 40}, ["drive_b", "parking"]),
        ("env.visibility", {"$between": [40, 80.5]}, ALL),
        ("env.visibility", {"$neq": 40}, ["drive_b", "parking"]),
        ("speed", {"$eq": 30.0}, ["drive_b"]),  # int stored, float query
        ("flag", {"$eq": 1.0}, ["drive_b"]),
        ("label", {"$eq": 1}, REFUSED),  # "n/a" cannot be cast
        ("night", {"$eq": 1}, REFUSED),  # nor can a bool's text, "true"
        ("env", {"$gt": 1}, REFUSED),  # nor an object's
        # strings: compared with the stored value's text
        ("env.visibility", {"$eq": " 45 "}, ["parking"]),
        ("env.visibility", {"$eq": "40"}, ["drive_a"]),
        ("env.visibility", {"$eq": "80.5"}, ["drive_b"]),
        ("night", {"$eq": "true"}, ["drive_a"]),
        ("tags", {"$eq": '["x", "y"]'}, ["drive_a"]),
        ("env", {"$eq": '{"weather": "sun", "visibility": 80.5}'}, ["drive_b"]),  # JSONB order
        ("env", {"$neq": "sun"}, ALL),
        ("env.weather", {"$neq": "sun"}, ["drive_a"]),  # missing is NULL: never a match
        # bools: the stored text cast to boolean ('1', 't', 'yes'... are true)
        ("night", {"$eq": True}, ["drive_a"]),
        ("night", {"$neq": True}, ["drive_b"]),
        ("flag", {"$eq": True}, ["drive_b"]),
        ("env.visibility", {"$eq": True}, REFUSED),
        # paths: missing, through a scalar, into arrays (an index), JSON null
        ("env.nothing", {"$eq": 1}, []),
        ("env.nothing", {"$neq": 1}, []),
        ("env.visibility.deeper", {"$eq": 1}, []),
        ("tags.0", {"$eq": "x"}, ["drive_a"]),
        ("tags.-1", {"$eq": "y"}, ["drive_a"]),
        ("tags.2", "$ex", []),
        ("note", "$ex", []),  # JSON null is no value
        ("note", "$nex", ALL),
        ("env.weather", "$ex", ["drive_a", "drive_b"]),  # serde unit-variant form
        ("env.weather", {"$ex": None}, ["drive_a", "drive_b"]),
        ("env.weather", {"$nex": None}, ["parking"]),
        # what mosaicod does not compile
        ("env.weather", {"$gt": "m"}, REFUSED),  # strings have no order there
        ("env.weather", {"$between": ["r", "s"]}, REFUSED),
        ("night", {"$lt": True}, REFUSED),
        ("env.visibility", {"$in": [40]}, REFUSED),
        ("env.weather", {"$match": "ai"}, REFUSED),
        ("env.visibility", {"$between": [1, True]}, REFUSED),
    ],
)
def test_sequence_user_metadata(engine, path, condition, expected):
    assert outcome(engine, {"sequence": {"user_metadata": {path: condition}}}) == expected


@pytest.mark.parametrize(
    ("field", "condition", "expected"),
    [
        ("locator", {"$eq": "/sensors/imu"}, [A_IMU, B_IMU]),
        ("locator", {"$eq": "sensors/imu"}, []),  # names compare as "/<name>", exactly
        ("locator", {"$eq": "//sensors/imu"}, []),
        ("locator", {"$eq": "/sensors"}, []),
        ("locator", {"$neq": "/sensors/imu"}, [A_CAM, P_GPS]),
        ("locator", {"$neq": "sensors/imu"}, [A_CAM, A_IMU, B_IMU, P_GPS]),
        ("locator", {"$in": ["camera/front", "/sensors/gps"]}, [P_GPS]),
        ("locator", {"$match": "/sensors"}, [A_IMU, B_IMU, P_GPS]),
        ("locator", {"$match": "/imu"}, [A_IMU, B_IMU]),
        ("locator", {"$match": "ront"}, [A_CAM]),
        ("locator", {"$match": "drive"}, []),  # the sequence name is not part of it
        ("ontology_tag", {"$eq": "imu"}, [A_IMU, B_IMU]),
        ("ontology_tag", {"$neq": "imu"}, [A_CAM, P_GPS]),
        ("ontology_tag", {"$in": ["gps", "image"]}, [A_CAM, P_GPS]),
        ("ontology_tag", {"$match": "im"}, [A_CAM, A_IMU, B_IMU]),
        ("serialization_format", {"$eq": "ragged"}, [P_GPS]),
        ("serialization_format", {"$neq": "default"}, [A_CAM, P_GPS]),
        ("serialization_format", {"$in": ["image", "ragged"]}, [A_CAM, P_GPS]),
        ("serialization_format", {"$match": "ag"}, [A_CAM, P_GPS]),
        ("created_at_ns", {"$eq": 3000}, [B_IMU]),
        ("created_at_ns", {"$neq": 3000}, [A_CAM, A_IMU, P_GPS]),
        ("created_at_ns", {"$lt": 2000}, [A_IMU]),
        ("created_at_ns", {"$leq": 2000}, [A_CAM, A_IMU]),
        ("created_at_ns", {"$gt": 2000}, [B_IMU, P_GPS]),
        ("created_at_ns", {"$geq": 4000}, [P_GPS]),
        ("created_at_ns", {"$between": [1000, 2000]}, [A_CAM, A_IMU]),
        ("created_at_ns", {"$in": [1000, 4000]}, REFUSED),
    ],
)
def test_topic_fields(engine, field, condition, expected):
    assert outcome(engine, {"topic": {field: condition}}, locators) == expected


@pytest.mark.parametrize(
    ("path", "condition", "expected"),
    [
        ("interface.type", {"$eq": "UART"}, [A_IMU]),
        ("interface.type", {"$in": ["CAN", "SPI"]}, REFUSED),
        ("interface.type", {"$gt": 1}, REFUSED),  # "CAN", "UART" cannot be cast
        ("rate", {"$gt": 99.5}, [A_IMU, B_IMU]),
        ("rate", {"$eq": 30}, [A_CAM]),  # 30.0 stored
        ("rate", "$nex", [P_GPS]),
    ],
)
def test_topic_user_metadata(engine, path, condition, expected):
    query = {"topic": {"user_metadata": {path: condition}}}
    assert outcome(engine, query, locators) == expected


def test_a_value_no_record_can_cast_refuses_even_outside_the_other_filters(engine):
    # PostgreSQL may cast the value of any row before the other conditions rule it out.
    query = {"sequence": {"locator": {"$eq": "drive_a"}, "user_metadata": {"label": {"$gt": 0}}}}
    with pytest.raises(QueryNotSupportedError, match="sequence.user_metadata.label"):
        engine.query(query)


def test_blocks_and_conditions_are_anded(engine):
    query = {
        "sequence": {"locator": {"$match": "drive"}, "user_metadata": {"speed": {"$gt": 20}}},
        "topic": {"ontology_tag": {"$eq": "imu"}, "created_at_ns": {"$gt": 0}},
    }
    assert locators(engine.query(query)) == [B_IMU]
    query["topic"]["user_metadata"] = {"interface.type": {"$eq": "UART"}}
    assert engine.query(query) == []


def test_sequence_filter_keeps_all_topics_of_the_sequence(engine):
    hits = engine.query({"sequence": {"locator": {"$eq": "drive_a"}}})
    assert locators(hits) == [A_CAM, A_IMU]
    assert all(topic.time_range is None for hit in hits for topic in hit.topics)


def test_sequence_without_topics_never_appears(engine):
    assert engine.query({"sequence": {"locator": {"$eq": "empty_seq"}}}) == []


def test_query_sees_deletes(engine):
    eng = MemoryEngine()
    eng.create_sequence("s", {})
    eng.create_topic(eng.create_session("s"), "s/t", "imu", "default", {})
    everything = {"topic": {"locator": "$ex"}}
    assert locators(eng.query(everything)) == ["s/t"]
    eng.delete_sequence("s")
    assert eng.query(everything) == []
