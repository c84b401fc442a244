"""Refused queries name the field; the query action on the wire.

As mosaicod 0.3.0: a query it cannot decode is an InvalidRequestError (its ``marshal
error``), one it cannot run a QueryNotSupportedError (its ``facade error``).
"""

from __future__ import annotations

import json
import re

import pyarrow as pa
import pyarrow.flight as fl
import pytest

from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.adapters.memory.query_ops import QueryNotSupportedError
from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.mock_server import running_server

IMU = pa.table({
    "timestamp_ns": pa.array([10, 20, 30], pa.int64()),
    "frame_id": ["base", "arm", "arm"],
    "flag": [True, False, True],
    "acceleration": pa.array(
        [{"x": 1.0, "cov": [1.0]}, {"x": 6.0, "cov": []}, {"x": 7.0, "cov": None}],
        pa.struct([("x", pa.float64()), ("cov", pa.list_(pa.float64()))]),
    ),
})


def build() -> MemoryEngine:
    eng = MemoryEngine()
    eng.create_sequence("run_1", {"env": {"visibility": 40}})
    eng.create_sequence("run_2", {})
    for locator, table in (("run_1/imu", IMU), ("run_2/imu", None)):
        sequence = locator.partition("/")[0]
        topic_uuid = eng.create_topic(eng.create_session(sequence), locator, "imu", "default", {})
        if table is not None:
            writer = eng.begin_upload(locator, topic_uuid, table.schema)
            writer.append(table.to_batches()[0])
            writer.commit()
    return eng


@pytest.fixture(scope="module")
def engine() -> MemoryEngine:
    return build()


def seq(field, condition):
    return {"sequence": {field: condition}}


def topic(field, condition):
    return {"topic": {field: condition}}


def meta(path, condition):
    return {"sequence": {"user_metadata": {path: condition}}}


def onto(key, condition):
    return {"ontology": {key: condition}}


@pytest.mark.parametrize(
    ("query", "named"),
    [
        # the query and its blocks
        ([], "query"),
        ({"sequence": [1]}, "sequence"),
        ({"topic": "x"}, "topic"),
        ({"ontology": 3}, "ontology"),
        ({"sequences": {}}, "sequences"),
        # fields and operators
        (seq("name", {"$eq": "x"}), "sequence.name"),
        (topic("tag", {"$eq": "x"}), "topic.tag"),
        (topic("user_metadata", [1]), "topic.user_metadata"),
        (seq("locator", {"$like": "x"}), "sequence.locator"),
        (seq("locator", "drive"), "sequence.locator"),  # not an operator object
        (seq("locator", {}), "sequence.locator"),
        (seq("locator", {"$eq": "a", "$neq": "b"}), "sequence.locator"),  # one operator only
        (seq("locator", {"$ex": 1}), "sequence.locator"),  # existence takes no value
        # operator values of the wrong JSON type for the field
        (seq("created_at_ns", {"$match": "1"}), "sequence.created_at_ns"),
        (seq("created_at_ns", {"$eq": "100"}), "sequence.created_at_ns"),
        (seq("created_at_ns", {"$eq": 1.5}), "sequence.created_at_ns"),
        (seq("created_at_ns", {"$eq": True}), "sequence.created_at_ns"),
        (seq("created_at_ns", {"$eq": 2**63}), "sequence.created_at_ns"),
        (seq("created_at_ns", {"$between": [1]}), "sequence.created_at_ns"),
        (seq("created_at_ns", {"$between": [1, 2, 3]}), "sequence.created_at_ns"),
        (seq("created_at_ns", {"$between": "1,2"}), "sequence.created_at_ns"),
        (seq("created_at_ns", {"$between": [5, 1]}), "sequence.created_at_ns"),
        (seq("created_at_ns", {"$between": [1, 2.5]}), "sequence.created_at_ns"),
        (seq("created_at_ns", {"$in": 5}), "sequence.created_at_ns"),
        (seq("created_at_ns", {"$in": [1, "2"]}), "sequence.created_at_ns"),
        (seq("locator", {"$lt": "b"}), "sequence.locator"),  # text fields: eq, neq, in, match
        (seq("locator", {"$eq": 5}), "sequence.locator"),
        (seq("locator", {"$match": 5}), "sequence.locator"),
        (topic("locator", {"$in": ["/a", 1]}), "topic.locator"),
        (topic("serialization_format", {"$between": ["a", "b"]}), "topic.serialization_format"),
        (topic("created_at_ns", {"$geq": None}), "topic.created_at_ns"),
        (meta("env.visibility", {"$between": [1.5, 2]}),  # floats sort after integers
         "sequence.user_metadata.env.visibility"),
        (meta("env.visibility", {"$between": ["z", 1]}), "sequence.user_metadata.env.visibility"),
        (meta("env.visibility", {"$in": "x"}), "sequence.user_metadata.env.visibility"),
        (meta("env.visibility", {"$eq": None}), "sequence.user_metadata.env.visibility"),
        (meta("env.visibility", {"$eq": {"a": 1}}), "sequence.user_metadata.env.visibility"),
        (meta("env.visibility", "$exists"), "sequence.user_metadata.env.visibility"),
        (meta("", {"$eq": 1}), "sequence.user_metadata"),
        # ontology keys, the flag, and conditions that do not fit the column
        (onto("imu", {"$eq": 1}), "imu"),
        (onto("imu.", {"$eq": 1}), "imu."),
        (onto(".x", {"$eq": 1}), ".x"),
        (onto("imu.acceleration..x", {"$eq": 1}), "imu.acceleration..x"),
        (onto("include_timestamp_range", "yes"), "ontology.include_timestamp_range"),
        (onto("include_timestamp_range", 1), "ontology.include_timestamp_range"),
        (onto("include_timestamp_range", True), "ontology"),  # a block without a condition
        ({"ontology": {}}, "ontology"),
        (onto("imu.acceleration.w", {"$gt": 1}), "imu.acceleration.w"),  # no topic has it
        (onto("imu.frame_id.x", {"$eq": "a"}), "imu.frame_id.x"),  # through a non-struct
        (onto("imu.acceleration", {"$eq": 1}), "imu.acceleration"),  # a struct, not a value
        (onto("imu.acceleration.cov", {"$eq": 1}), "imu.acceleration.cov"),  # a list
        # a value of the other family finds no statistics on mosaicod: we refuse it
        (onto("imu.acceleration.x", {"$lt": "5"}), "imu.acceleration.x"),
        (onto("imu.frame_id", {"$eq": 5}), "imu.frame_id"),
        (onto("imu.flag", {"$eq": "true"}), "imu.flag"),
        (onto("imu.acceleration.x", {"$between": [2, 1]}), "imu.acceleration.x"),
        (onto("imu.timestamp_ns", [1]), "imu.timestamp_ns"),
    ],
)
def test_bad_input_names_the_field(engine, query, named):
    with pytest.raises(InvalidRequestError, match=re.escape(f"'{named}'")) as caught:
        engine.query(query)
    assert caught.value.resource == named


@pytest.mark.parametrize(
    ("query", "named"),
    [
        (seq("locator", {"$in": []}), "sequence.locator"),
        (seq("created_at_ns", {"$in": [1]}), "sequence.created_at_ns"),
        (topic("created_at_ns", {"$in": [1, 2]}), "topic.created_at_ns"),
        (meta("env.visibility", {"$lt": True}), "sequence.user_metadata.env.visibility"),
        (meta("env.visibility", {"$gt": "a"}), "sequence.user_metadata.env.visibility"),
        (meta("env.visibility", {"$between": [1, "z"]}), "sequence.user_metadata.env.visibility"),
        (meta("env.visibility", {"$between": ["a", "b"]}), "sequence.user_metadata.env.visibility"),
        (meta("env.visibility", {"$in": [40]}), "sequence.user_metadata.env.visibility"),
        (meta("env.visibility", {"$match": "4"}), "sequence.user_metadata.env.visibility"),
        (meta("env.visibility", {"$eq": True}), "sequence.user_metadata.env.visibility"),  # 40
        (onto("imu.acceleration.x", {"$neq": 1}), "imu.acceleration.x"),
        (onto("imu.acceleration.x", {"$in": [1, "a"]}), "imu.acceleration.x"),
        (onto("imu.acceleration.x", {"$in": []}), "imu.acceleration.x"),
        (onto("imu.acceleration.x", {"$match": "1"}), "imu.acceleration.x"),
        (onto("imu.acceleration.x", "$ex"), "imu.acceleration.x"),
        (onto("imu.timestamp_ns", {"$nex": None}), "imu.timestamp_ns"),
        (onto("imu.frame_id", {"$in": ["a", 1.5]}), "imu.frame_id"),
        (onto("imu.frame_id", {"$between": [1, "z"]}), "imu.frame_id"),
        # a number against a bool column and the reverse fail mosaicod's row filter
        (onto("imu.acceleration.x", {"$eq": True}), "imu.acceleration.x"),
        (onto("imu.flag", {"$eq": 1}), "imu.flag"),
        # a searched chunk without a matching row, when ranges are asked for
        ({"ontology": {"imu.acceleration.x": {"$between": [2, 5]},
                       "include_timestamp_range": True}}, "imu.acceleration.x"),
    ],
)
def test_what_mosaicod_cannot_run_names_the_field(engine, query, named):
    with pytest.raises(QueryNotSupportedError, match=re.escape(f"'{named}'")) as caught:
        engine.query(query)
    assert caught.value.resource == named


def test_a_misfit_on_any_topic_is_reported_even_if_another_matches(engine):
    query = {"ontology": {"imu.acceleration.x": {"$gt": 0}, "imu.frame_id": {"$gt": 1}}}
    with pytest.raises(InvalidRequestError, match="imu.frame_id"):
        engine.query(query)


def test_missing_column_is_no_error_when_no_candidate_has_data(engine):
    # run_2/imu has no data, so there is no schema to say the key is wrong
    query = {"sequence": {"locator": {"$eq": "run_2"}}, "ontology": {"imu.nope": {"$eq": 1}}}
    assert engine.query(query) == []
    query["sequence"]["locator"] = {"$eq": "absent"}
    assert engine.query(query) == []


def query_action(client: fl.FlightClient, body: bytes) -> dict:
    [result] = list(client.do_action(fl.Action("query", body)))
    envelope = json.loads(result.body.to_pybytes())
    assert envelope["action"] == "query"
    return envelope["response"]


def test_query_action_through_the_mock_server():
    with running_server(build()) as server, fl.FlightClient(server.uri) as client:
        assert query_action(client, b"{}") == {"items": []}  # no condition: nothing
        assert query_action(client, b'{"topic": {"locator": "$ex"}}') == {"items": [
            {"sequence": "run_1", "topics": [{"locator": "run_1/imu"}]},
            {"sequence": "run_2", "topics": [{"locator": "run_2/imu"}]},
        ]}
        query = {
            "sequence": {"locator": {"$match": "run"},
                         "user_metadata": {"env.visibility": {"$lt": 50.0}}},
            "topic": {"ontology_tag": {"$eq": "imu"}, "locator": {"$eq": "/imu"}},
            "ontology": {"imu.acceleration.x": {"$gt": 5.0}, "imu.frame_id": {"$leq": "arm"},
                         "include_timestamp_range": True},
        }
        assert query_action(client, json.dumps(query).encode()) == {"items": [
            {"sequence": "run_1", "topics": [{"locator": "run_1/imu", "timestamp_range": [20, 30]}]}
        ]}
        query["ontology"]["include_timestamp_range"] = False
        assert query_action(client, json.dumps(query).encode()) == {"items": [
            {"sequence": "run_1", "topics": [{"locator": "run_1/imu"}]}
        ]}
        query["ontology"]["imu.acceleration.x"] = {"$gt": 100}
        assert query_action(client, json.dumps(query).encode()) == {"items": []}
        # mosaicod 0.3.0's texts: a query that does not decode is a marshal error, one it
        # cannot run a facade error, a body that is not an object an action error
        reversed_bounds = {"ontology": {"imu.acceleration.x": {"$between": [7, 1]}}}
        with pytest.raises(fl.FlightInternalError,
                           match=r"with message: marshal error :: .*acceleration\.x"):
            query_action(client, json.dumps(reversed_bounds).encode())
        match = {"ontology": {"imu.acceleration.x": {"$match": "7"}}}
        with pytest.raises(fl.FlightInternalError,
                           match=r"with message: facade error :: .*acceleration\.x"):
            query_action(client, json.dumps(match).encode())
        with pytest.raises(fl.FlightInternalError,
                           match="with message: action error :: .*a JSON object"):
            query_action(client, b"[1]")
