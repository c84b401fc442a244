"""Query evaluation over sequence and topic fields and user metadata (protocol.md §6, §12)."""

from __future__ import annotations

import pytest

from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.domain.query_result import QueryHit, QueryTopicHit

SEQUENCES = {  # name -> (created_at_ns, user_metadata); created in this order
    "drive_b": (200, {"env": {"visibility": 80.5, "weather": "sun"}, "speed": 30, "night": False,
                      "flag": 1}),
    "drive_a": (100, {"env": {"visibility": 40, "weather": "rain"}, "speed": 12.5, "night": True,
                      "tags": ["x"]}),
    "parking": (300, {"env": {"visibility": "n/a"}}),
    "empty_seq": (400, {"env": {"visibility": 10}}),  # no topics: never in a result
}
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


def test_no_block_returns_every_topic_grouped_and_ordered(engine):
    hits = engine.query({})
    assert hits == [
        QueryHit("drive_a", (QueryTopicHit("/camera/front"), QueryTopicHit("/sensors/imu"))),
        QueryHit("drive_b", (QueryTopicHit("/sensors/imu"),)),
        QueryHit("parking", (QueryTopicHit("/sensors/gps"),)),
    ]
    assert engine.query({"sequence": None, "topic": {}}) == hits  # null/empty blocks filter nothing


@pytest.mark.parametrize(
    ("field", "condition", "expected"),
    [
        ("locator", {"$eq": "drive_a"}, ["drive_a"]),
        ("locator", {"$neq": "drive_a"}, ["drive_b", "parking"]),
        ("locator", {"$in": ["parking", "drive_b", "nope"]}, ["drive_b", "parking"]),
        ("locator", {"$in": []}, []),
        ("locator", {"$match": "drive"}, ["drive_a", "drive_b"]),
        ("locator", {"$match": "Drive"}, []),  # case-sensitive
        ("locator", {"$match": "e_a"}, ["drive_a"]),  # '_' is an ordinary character
        ("locator", {"$match": "%"}, []),
        ("created_at_ns", {"$eq": 200}, ["drive_b"]),
        ("created_at_ns", {"$neq": 200}, ["drive_a", "parking"]),
        ("created_at_ns", {"$lt": 200}, ["drive_a"]),
        ("created_at_ns", {"$leq": 200}, ["drive_a", "drive_b"]),
        ("created_at_ns", {"$gt": 200}, ["parking"]),
        ("created_at_ns", {"$geq": 200}, ["drive_b", "parking"]),
        ("created_at_ns", {"$between": [100, 200]}, ["drive_a", "drive_b"]),
        ("created_at_ns", {"$between": [150, 150]}, []),
        ("created_at_ns", {"$in": [100, 300]}, ["drive_a", "parking"]),
    ],
)
def test_sequence_fields(engine, field, condition, expected):
    assert sequences(engine.query({"sequence": {field: condition}})) == expected


@pytest.mark.parametrize(
    ("path", "condition", "expected"),
    [
        ("env.visibility", {"$lt": 50}, ["drive_a"]),  # "n/a" (a string) is no match, no error
        ("env.visibility", {"$lt": 50.0}, ["drive_a"]),  # float query, int stored
        ("env.visibility", {"$eq": 80.5}, ["drive_b"]),
        ("env.visibility", {"$geq": 40}, ["drive_a", "drive_b"]),
        ("env.visibility", {"$leq": 40.0}, ["drive_a"]),
        ("env.visibility", {"$gt": 40}, ["drive_b"]),
        ("env.visibility", {"$between": [40, 80.5]}, ["drive_a", "drive_b"]),
        ("env.visibility", {"$neq": 40}, ["drive_b"]),  # type mismatch is no match, even for $neq
        ("env.visibility", {"$eq": "n/a"}, ["parking"]),
        ("env.visibility", {"$gt": "m"}, ["parking"]),  # strings order as text
        ("env.visibility", {"$in": [40, "n/a"]}, ["drive_a", "parking"]),
        ("env.weather", {"$match": "ai"}, ["drive_a"]),
        ("env.weather", {"$between": ["r", "s"]}, ["drive_a"]),
        ("speed", {"$eq": 30.0}, ["drive_b"]),  # int stored, float query
        ("speed", {"$in": [12.5, 1]}, ["drive_a"]),
        ("night", {"$eq": True}, ["drive_a"]),
        ("night", {"$neq": True}, ["drive_b"]),
        ("night", {"$eq": 1}, []),  # a bool is not a number
        ("flag", {"$eq": True}, []),  # ... and a number is not a bool
        ("flag", {"$eq": 1.0}, ["drive_b"]),
        ("env.nothing", {"$eq": 1}, []),  # missing path: no match
        ("env.nothing", {"$neq": 1}, []),
        ("env.visibility.deeper", {"$eq": 1}, []),  # path through a scalar
        ("tags", {"$eq": "x"}, []),  # lists and objects never compare
        ("env", {"$eq": "sun"}, []),
        ("env.weather", "$ex", ["drive_a", "drive_b"]),  # serde unit-variant form
        ("env.weather", {"$ex": None}, ["drive_a", "drive_b"]),
        ("env.weather", {"$nex": None}, ["parking"]),
        ("env.weather", "$nex", ["parking"]),
    ],
)
def test_sequence_user_metadata(engine, path, condition, expected):
    query = {"sequence": {"user_metadata": {path: condition}}}
    assert sequences(engine.query(query)) == expected


@pytest.mark.parametrize(
    ("field", "condition", "expected"),
    [
        ("locator", {"$eq": "/sensors/imu"}, [A_IMU, B_IMU]),
        ("locator", {"$eq": "sensors/imu"}, [A_IMU, B_IMU]),  # normalized to one leading '/'
        ("locator", {"$eq": "//sensors/imu"}, [A_IMU, B_IMU]),
        ("locator", {"$eq": "/sensors"}, []),
        ("locator", {"$neq": "sensors/imu"}, [A_CAM, P_GPS]),
        ("locator", {"$in": ["camera/front", "/sensors/gps"]}, [A_CAM, P_GPS]),
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
        ("created_at_ns", {"$in": [1000, 4000]}, [A_IMU, P_GPS]),
    ],
)
def test_topic_fields(engine, field, condition, expected):
    assert locators(engine.query({"topic": {field: condition}})) == expected


@pytest.mark.parametrize(
    ("path", "condition", "expected"),
    [
        ("interface.type", {"$eq": "UART"}, [A_IMU]),
        ("interface.type", {"$in": ["CAN", "SPI"]}, [B_IMU]),
        ("rate", {"$gt": 99.5}, [A_IMU, B_IMU]),
        ("rate", {"$eq": 30}, [A_CAM]),  # 30.0 stored
        ("rate", "$nex", [P_GPS]),
    ],
)
def test_topic_user_metadata(engine, path, condition, expected):
    assert locators(engine.query({"topic": {"user_metadata": {path: condition}}})) == expected


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
    assert locators(eng.query({})) == ["s/t"]
    eng.delete_sequence("s")
    assert eng.query({}) == []
