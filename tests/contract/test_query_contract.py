"""Queries through the public API on every backend: the seed examples and a table of cases.

Data: three sequences. ``test_drive_a`` (visibility 40, IMU x = 0..9, GPS), ``test_drive_b``
(visibility 80, IMU x = 0..4) and ``night_run`` (visibility 10, IMU x = 10..19, frame "night").
Each topic is one stored chunk (well below mosaicod's 256 MiB).

The expectations are mosaicod 0.3.0's, the same on every backend (memory, mock, mosaicod):
* ``REFUSED`` cases are queries mosaicod cannot run (INTERNAL ``facade error``), which
  every backend reports as a :class:`ServerError`;
* ontology conditions are decided on each chunk's min/max first, so ``$eq`` finds only a
  chunk whose values all equal it (``$between [v, v]`` finds the rows equal to v);
* user metadata compares as PostgreSQL does: text with the stored value's text, numbers
  after casting it, which fails the query when a stored value is not a number.
"""

from __future__ import annotations

import pytest

from mosaicolabs import (
    GPS,
    IMU,
    Message,
    Point3d,
    Query,
    QueryOntologyCatalog,
    QuerySequence,
    QueryTopic,
    Sequence,
    Topic,
    Vector3d,
)
from mosaicolabs.domain.errors import InvalidRequestError, ServerError
from mosaicolabs.domain.query.expressions import Expression

T0 = 1_700_134_567_000_000_000
SEQUENCES = {
    "test_drive_a": ({"environment": {"visibility": 40, "weather": "rain"},
                      "driver": {"name": "Ada", "senior": True}, "score": 4.5}, range(10)),
    "test_drive_b": ({"environment": {"visibility": 80, "weather": "sun"},
                      "driver": {"name": "Bob", "senior": False}, "score": 2}, range(5)),
    "night_run": ({"environment": {"visibility": 10}, "score": 9.0}, range(10, 20)),
}


def imu(x: float) -> IMU:
    return IMU(acceleration=Vector3d(x=x, y=0.0, z=9.8), angular_velocity=Vector3d(x=0.0, y=0.0,
                                                                                     z=0.0))


@pytest.fixture
def data(client):
    for name, (metadata, xs) in SEQUENCES.items():
        with client.sequence_create(name, metadata) as writer:
            topic = writer.topic_create("/sensors/imu", {"interface": {"type": "UART"}}, IMU)
            for i, x in enumerate(xs):
                frame = "night" if name == "night_run" else f"imu_{i % 2}"
                topic.push(Message(timestamp_ns=T0 + i, data=imu(float(x)), frame_id=frame))
            if name == "test_drive_a":
                gps = writer.topic_create("/sensors/gps", {"interface": {"type": "SPI"}}, GPS)
                gps.push(Message(timestamp_ns=T0 + 5, data=GPS(position=Point3d(x=1.0, y=2.0))))
    return client


def result(response) -> set[tuple[str, str]]:
    return {(item.sequence.name, topic.name) for item in response for topic in item.topics}


def names(response) -> list[str]:
    # The order of a query's sequences is not part of the contract: mosaicod 0.3.0
    # returns them in its database's order, which changes from run to run.
    return sorted(item.sequence.name for item in response)


def test_seed_example_with_variadic_builders(data):
    results = data.query(
        QuerySequence()
        .with_user_metadata("environment.visibility", lt=50)
        .with_name_match("test_drive"),
        QueryOntologyCatalog()
        .with_expression(IMU.Q.acceleration.x.gt(5.0))
        .with_expression(IMU.Q.timestamp_ns.gt(1700134567)),
    )
    assert names(results) == ["test_drive_a"]
    assert result(results) == {("test_drive_a", "/sensors/imu")}


def test_seed_example_with_query_object(data):
    query = Query(
        QuerySequence().with_user_metadata("environment.visibility", lt=50)
        .with_name_match("test_drive"),
        QueryOntologyCatalog().with_expression(IMU.Q.acceleration.x.gt(5.0))
        .with_expression(IMU.Q.timestamp_ns.gt(1700134567)),
    )
    assert names(data.query(query=query)) == ["test_drive_a"]


ALL = ["night_run", "test_drive_a", "test_drive_b"]
REFUSED = ServerError  # mosaicod answers INTERNAL "facade error"
CASES = [
    # sequence block: name, creation time, metadata (int, float, str, bool, nested, missing)
    (QuerySequence().with_name("night_run"), ["night_run"]),
    (QuerySequence().with_name_match("drive"), ["test_drive_a", "test_drive_b"]),
    (QuerySequence().with_name_match("DRIVE"), []),
    (QuerySequence().with_name_match("t_drive_a"), ["test_drive_a"]),  # SQL LIKE: _ is any char
    (QuerySequence().with_expression(Sequence.Q.name.neq("night_run")),
     ["test_drive_a", "test_drive_b"]),
    (QuerySequence().with_expression(Sequence.Q.name.in_("night_run", "nope")), ["night_run"]),
    (QuerySequence().with_created_timestamp(start=0), ALL),
    (QuerySequence().with_created_timestamp(end=1), []),
    (QuerySequence().with_created_timestamp(0, 2**62), ALL),
    (QuerySequence().with_expression(Sequence.Q.created_timestamp.in_(1, 2)), REFUSED),
    (QuerySequence().with_user_metadata("environment.visibility", lt=40), ["night_run"]),
    (QuerySequence().with_user_metadata("environment.visibility", leq=40),
     ["night_run", "test_drive_a"]),
    (QuerySequence().with_user_metadata("environment.visibility", gt=40), ["test_drive_b"]),
    (QuerySequence().with_user_metadata("environment.visibility", geq=40.0),
     ["test_drive_a", "test_drive_b"]),
    (QuerySequence().with_user_metadata("environment.visibility", eq=80), ["test_drive_b"]),
    (QuerySequence().with_user_metadata("environment.visibility", neq=80),
     ["night_run", "test_drive_a"]),
    (QuerySequence().with_user_metadata("environment.visibility", between=[10, 40]),
     ["night_run", "test_drive_a"]),
    (QuerySequence().with_user_metadata("environment.visibility", eq="40"),
     ["test_drive_a"]),  # a string compares with the stored value's text
    (QuerySequence().with_user_metadata("score", gt=4), ["night_run", "test_drive_a"]),
    (QuerySequence().with_user_metadata("environment.weather", eq="rain"), ["test_drive_a"]),
    (QuerySequence().with_user_metadata("environment.weather", neq="rain"), ["test_drive_b"]),
    (QuerySequence().with_user_metadata("driver.senior", eq=True), ["test_drive_a"]),
    (QuerySequence().with_user_metadata("driver.senior", eq="true"), ["test_drive_a"]),
    (QuerySequence().with_user_metadata("driver.name", gt="Ada"), REFUSED),  # no text order
    (QuerySequence().with_user_metadata("no.such.path", eq=1), []),
    (QuerySequence().with_user_metadata("environment.weather", lt=5), REFUSED),  # "rain"
    (QuerySequence().with_user_metadata("environment.weather", eq=5), REFUSED),
    (QuerySequence().with_user_metadata("environment.visibility", eq=True), REFUSED),
    # topic block
    (QueryTopic().with_name("/sensors/gps"), ["test_drive_a"]),
    (QueryTopic().with_name("sensors/gps"), ["test_drive_a"]),
    (QueryTopic().with_name_match("gps"), ["test_drive_a"]),
    (QueryTopic().with_ontology_tag(GPS), ["test_drive_a"]),
    (QueryTopic().with_ontology_tag("imu"), ALL),
    (QueryTopic().with_expression(Topic.Q.serialization_format.eq("default")), ALL),
    (QueryTopic().with_created_timestamp(start=0), ALL),
    (QueryTopic().with_user_metadata("interface.type", eq="SPI"), ["test_drive_a"]),
    (QueryTopic().with_user_metadata("interface.type", gt=1), REFUSED),  # "UART", "SPI"
    # ontology block: chunk statistics first, then the rows; AND within a row
    (QueryOntologyCatalog(IMU.Q.acceleration.x.gt(18.5)), ["night_run"]),
    (QueryOntologyCatalog(IMU.Q.acceleration.x.lt(1)), ["test_drive_a", "test_drive_b"]),
    (QueryOntologyCatalog(IMU.Q.acceleration.x.leq(0)), ["test_drive_a", "test_drive_b"]),
    (QueryOntologyCatalog(IMU.Q.acceleration.x.geq(19)), ["night_run"]),
    (QueryOntologyCatalog(IMU.Q.acceleration.x.eq(7)), []),  # the chunk holds 0..9, not only 7
    (QueryOntologyCatalog(IMU.Q.acceleration.x.between(7, 7)), ["test_drive_a"]),
    (QueryOntologyCatalog(IMU.Q.acceleration.z.eq(9.8)), ALL),  # every value is 9.8
    (QueryOntologyCatalog(IMU.Q.acceleration.z.neq(9.8)), REFUSED),
    (QueryOntologyCatalog(IMU.Q.acceleration.x.between(5, 9)), ["test_drive_a"]),
    (QueryOntologyCatalog(IMU.Q.acceleration.x.in_(4.0, 15.0)), REFUSED),
    (QueryOntologyCatalog(IMU.Q.frame_id.eq("night")), ["night_run"]),
    (QueryOntologyCatalog(IMU.Q.frame_id.eq("imu_0")), []),  # imu_0 and imu_1 alternate
    (QueryOntologyCatalog(IMU.Q.frame_id.neq("night")), REFUSED),
    (QueryOntologyCatalog(IMU.Q.frame_id.in_(["imu_1"])), REFUSED),
    (QueryOntologyCatalog(IMU.Q.frame_id.match("igh")), REFUSED),
    (QueryOntologyCatalog(IMU.Q.timestamp_ns.geq(T0 + 9)), ["night_run", "test_drive_a"]),
    (QueryOntologyCatalog(IMU.Q.acceleration.x.eq(4), IMU.Q.frame_id.eq("imu_0")), []),
    (QueryOntologyCatalog(IMU.Q.acceleration.x.between(4, 4), IMU.Q.frame_id.eq("night")),
     []),
    (QueryOntologyCatalog(IMU.Q.acceleration.x.gt(3), IMU.Q.acceleration.y.lt(1)), ALL),
    (QueryOntologyCatalog(IMU.Q.acceleration.x.lt(1), IMU.Q.timestamp_ns.gt(T0)),
     []),  # x < 1 only on each topic's first row: no single row has both
    (QueryOntologyCatalog(GPS.Q.position.x.eq(1.0), IMU.Q.acceleration.x.gt(1)),
     ["test_drive_a"]),  # intersection of sequences across tags
]


@pytest.mark.parametrize(("builder", "expected"), CASES, ids=lambda v: repr(v)[:70])
def test_query_cases(data, builder, expected):
    if expected is REFUSED:
        with pytest.raises(REFUSED):
            data.query(builder)
    else:
        assert names(data.query(builder)) == expected


def test_sequence_only_filter_returns_all_topics(data):
    assert result(data.query(QuerySequence().with_name("test_drive_a"))) == {
        ("test_drive_a", "/sensors/imu"), ("test_drive_a", "/sensors/gps")}


def test_ontology_filter_returns_the_matching_topics_with_ranges(data):
    response = data.query(QueryOntologyCatalog(IMU.Q.acceleration.x.between(3, 6),
                                               include_timestamp_range=True))
    ranges = {(i.sequence.name, t.name): t.timestamp_range for i in response for t in i.topics}
    assert ranges == {("test_drive_a", "/sensors/imu"): (T0 + 3, T0 + 6),
                      ("test_drive_b", "/sensors/imu"): (T0 + 3, T0 + 4)}


def test_responses_chain_into_new_queries(data):
    first = data.query(QuerySequence().with_name_match("drive"))
    assert not first.is_empty() and len(first) == 2
    chained = data.query(first.to_query_sequence(),
                         QueryOntologyCatalog(IMU.Q.acceleration.x.gt(3)))
    assert names(chained) == ["test_drive_a", "test_drive_b"]
    gps_only = data.query(data.query(QueryTopic().with_ontology_tag(GPS)).to_query_topic())
    assert result(gps_only) == {("test_drive_a", "/sensors/gps")}
    assert data.query(QuerySequence().with_name("zzz")).is_empty()


@pytest.mark.parametrize("call", [
    lambda c: c.query(),
    lambda c: c.query(QuerySequence().with_name("a"), query=Query(QueryTopic().with_name("b"))),
    lambda c: c.query(QuerySequence().with_name("a"), QuerySequence().with_name("b")),
    lambda c: c.query(QuerySequence()),
    lambda c: c.query(QueryOntologyCatalog(IMU.Q.acceleration.x.gt(1),
                                           IMU.Q.acceleration.x.lt(5))),
], ids=["nothing", "both-forms", "two-sequence-builders", "no-condition", "duplicate-key"])
def test_conflicting_or_missing_queries_are_value_errors(client, call):
    with pytest.raises(ValueError):
        call(client)


def test_unknown_ontology_column_is_a_typed_error_naming_it(data):
    # Built by hand: the .Q proxies refuse unknown fields before anything is sent.
    bogus = Expression("imu.acceleration.w", "$gt", 0)
    with pytest.raises(InvalidRequestError, match="imu.acceleration.w"):
        data.query(QueryOntologyCatalog(bogus))


def test_wrong_value_type_for_a_column_is_a_typed_error(data):
    with pytest.raises(InvalidRequestError, match="imu.frame_id"):
        data.query(QueryOntologyCatalog(Expression("imu.frame_id", "$gt", 3)))
