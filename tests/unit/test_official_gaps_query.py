"""Official 0.3.2 API closed in the query builders, ``Time`` and ``mosaicolabs.helpers``.

Expected values were checked against the official package's output.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from mosaicolabs import IMU, Query, QueryOntologyCatalog, QuerySequence, QueryTopic, Sequence
from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.models.query import QueryResponse


def test_query_to_dict_is_the_official_request_body() -> None:
    query = Query(
        QuerySequence().with_name_match("run").with_user_metadata("env.vis", lt=50),
        QueryTopic().with_name("/gps").with_ontology_tag("imu"),
        QueryOntologyCatalog(include_timestamp_range=True).with_expression(
            IMU.Q.acceleration.x.gt(5.0)),
    )
    assert query.to_dict() == {
        "sequence": {"locator": {"$match": "run"}, "user_metadata": {"env.vis": {"$lt": 50}}},
        "topic": {"locator": {"$eq": "/gps"}, "ontology_tag": {"$eq": "imu"}},
        "ontology": {"imu.acceleration.x": {"$gt": 5.0}, "include_timestamp_range": True},
    }
    assert Query(QuerySequence()).to_dict() == {"sequence": {}}  # empty blocks are kept


def test_builder_name_and_to_dict() -> None:
    assert (QuerySequence().name(), QueryTopic().name(), QueryOntologyCatalog().name()) == (
        "sequence", "topic", "ontology")
    topic = QueryTopic().with_name("gps")
    assert topic.to_dict() == topic.to_block() == {"locator": {"$eq": "/gps"}}


def test_official_parameter_names_and_ours() -> None:
    expression = Sequence.Q.user_metadata["a"].eq(1)
    assert (QuerySequence().with_expression(expr=expression).to_dict()
            == QuerySequence().with_expression(expression=expression).to_dict()
            == {"user_metadata": {"a": {"$eq": 1}}})
    ontology = IMU.Q.acceleration.x.gt(1.0)
    assert (QueryOntologyCatalog().with_expression(expr=ontology).to_dict()
            == QueryOntologyCatalog().with_expression(expression=ontology).to_dict())
    assert (QueryTopic().with_name_match(name="cam").to_dict()
            == QueryTopic().with_name_match(text="cam").to_dict()
            == {"locator": {"$match": "cam"}})
    assert (QueryTopic().with_ontology_tag(ontology_tag="imu").to_dict()
            == QueryTopic().with_ontology_tag(tag="imu").to_dict()
            == QueryTopic().with_ontology_tag(IMU).to_dict())
    with pytest.raises(InvalidRequestError):
        QueryTopic().with_name_match(name="a", text="b")
    with pytest.raises(InvalidRequestError):
        QuerySequence().with_expression()


def test_query_response_items_default_to_empty() -> None:
    response = QueryResponse()
    assert response.items == [] and response.is_empty() and len(response) == 0
    assert QueryResponse().items is not response.items


def test_time() -> None:
    from mosaicolabs.types import Time
    from mosaicolabs.types.time import Time as TimeAgain

    assert Time is TimeAgain
    t = Time.from_nanoseconds(1_500_000_123)
    assert (t.seconds, t.nanoseconds) == (1, 500_000_123)
    assert t == Time(seconds=1, nanoseconds=500_000_123)
    assert t.to_nanoseconds() == 1_500_000_123 and t.to_milliseconds() == 1_500
    assert Time.from_milliseconds(1234).to_nanoseconds() == 1_234_000_000
    assert Time.from_float(1.9999999999) == Time(seconds=2, nanoseconds=0)
    assert Time.from_float(-1.25) == Time(seconds=-2, nanoseconds=750_000_000)
    assert Time.from_float(2.5).to_float() == 2.5
    moment = datetime(2024, 1, 2, 3, 4, 5, 250_000, tzinfo=timezone.utc)
    assert Time.from_datetime(moment).to_datetime() == moment
    assert abs(Time.now().to_float() - datetime.now(timezone.utc).timestamp()) < 5
    with pytest.raises(ValueError):
        Time(seconds=0, nanoseconds=1_000_000_000)
    with pytest.raises(ValueError):
        Time.validate_nanosec(-1)
    # a Time bound works in the timestamp filters
    assert (QuerySequence().with_created_timestamp(time_start=t).to_dict()
            == QuerySequence().with_created_timestamp(time_start=1_500_000_123).to_dict())


def test_helpers_names() -> None:
    from mosaicolabs import helpers

    assert sorted(helpers.__all__) == ["camel_to_snake", "pack_topic_resource_name",
                                       "sanitize_sequence_name", "sanitize_topic_name",
                                       "unpack_topic_full_path"]
    assert helpers.camel_to_snake("URLConverter") == "url_converter"
    assert helpers.camel_to_snake("GPS3DPosition") == "gps_3_d_position"
    assert helpers.sanitize_sequence_name("//run/") == "run"
    assert helpers.sanitize_topic_name("cam/left/") == "/cam/left"
    assert helpers.pack_topic_resource_name("/s/", "/a//b/") == "s/a/b"
    assert helpers.pack_topic_resource_name("", "") == "."
    assert helpers.unpack_topic_full_path("/s/a/b/") == ("s", "/a/b")
    assert helpers.unpack_topic_full_path("s") is None


def test_helpers_dicts_and_text() -> None:
    from mosaicolabs.helpers.helpers import (
        encode_to_dict,
        flatten_dict,
        truncate_long_strings,
        unflatten_dict,
    )

    assert flatten_dict({"a": {"b": 1, "c": [1, 2]}, "d": None}) == {
        "a.b": "1", "a.c": "[1, 2]", "d": "None"}
    assert flatten_dict({"a": {"b": 1}}, parent_key="p/", sep="/") == {"p/a/b": "1"}
    assert unflatten_dict({"a.b": "1", "a.c": "[1, 2]", "x": "hi there"}) == {
        "a": {"b": 1, "c": [1, 2]}, "x": "hi there"}
    assert truncate_long_strings({"a": "x" * 5, "b": ["y" * 7, ("z" * 9,)]}, max_length=6) == {
        "a": "xxxxx", "b": ["yyyyyy...", ("zzzzzz...",)]}

    @dataclass
    class Inner:
        v: int | None = None

    @dataclass
    class Outer:
        inner: Inner
        items: list
        note: str | None = None

    value = Outer(Inner(), [Inner(1)])
    assert encode_to_dict(value) == {"inner": {"v": None}, "items": [{"v": 1}], "note": None}
    assert encode_to_dict(value, exclude_none=True) == {"inner": {}, "items": [{"v": 1}]}
    assert encode_to_dict(None) is None and encode_to_dict(3) == 3


def test_queryable_and_is_model_queryable() -> None:
    from mosaicolabs import Topic
    from mosaicolabs.models.query.generation import is_model_queryable, queryable
    from mosaicolabs.models.query.generation.api import queryable as queryable_again

    assert queryable is queryable_again
    assert is_model_queryable(IMU) and is_model_queryable(Sequence) and is_model_queryable(Topic)
    assert not is_model_queryable(int) and not is_model_queryable(IMU.Q)
    assert queryable(object, object, prefix="imu")(IMU) is IMU
    with pytest.raises(InvalidRequestError):
        queryable(object, object)(int)
