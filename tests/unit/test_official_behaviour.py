"""Behaviour of the official mosaicolabs 0.3.2 API that code written for it relies on.

Each test names the official behaviour it pins (read in the official wheel's source):
peeking streamers, query builder signatures, handler caching and ``reload() -> bool``,
``ValueError`` where the official client raises it, tolerant names, ``None`` from a
duplicate ``topic_create``, and the messages user code matches. The embedded engine
serves everything but the connection tests.
"""

from __future__ import annotations

import logging
import socket

import pytest

from mosaicolabs import (
    IMU,
    Floating64,
    Message,
    MosaicoClient,
    QueryOntologyCatalog,
    QuerySequence,
    QueryTopic,
)
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.domain.catalog import Sequence, Topic
from mosaicolabs.domain.errors import MosaicoConnectionError, NotFoundError
from mosaicolabs.domain.ontology.geometry import Vector3d
from mosaicolabs.mock_server import running_server


def value(ts: int) -> Message:
    return Message(timestamp_ns=ts, data=Floating64(data=float(ts)))


@pytest.fixture
def client():
    with MosaicoClient.embedded() as embedded:
        yield embedded


@pytest.fixture
def drive(client):
    """Sequence 'drive': '/a' at 0, 10, 20; '/b' at 5, 15; '/empty' without data."""
    with client.sequence_create("drive", {"kind": "test"}) as writer:
        a = writer.topic_create("/a", {}, Floating64)
        b = writer.topic_create("/b", {}, Floating64)
        writer.topic_create("/empty", {}, Floating64)
        for ts in (0, 10, 20):
            a.push(value(ts))
        for ts in (5, 15):
            b.push(value(ts))
    return client.sequence_handler("drive")


# -- streamers ------------------------------------------------------------------------------


def test_topic_streamer_peeks_with_next_timestamp_and_has_name_and_tag(drive):
    streamer = drive.get_topic_handler("/a").get_data_streamer()
    assert streamer.name() == "/a" and streamer.ontology_tag == "floating64"
    assert streamer.next_timestamp() == 0
    assert streamer.next_timestamp() == 0  # peeking consumes nothing
    assert next(streamer).timestamp_ns == 0
    assert streamer.next_timestamp() == 10
    assert [m.timestamp_ns for m in streamer] == [10, 20]
    assert streamer.next_timestamp() is None


def test_sequence_streamer_peeks_the_smallest_next_timestamp(drive):
    streamer = drive.get_data_streamer()
    assert streamer.next_timestamp() == 0
    assert next(streamer)[1].timestamp_ns == 0
    assert streamer.next_timestamp() == 5
    assert [(t, m.timestamp_ns) for t, m in streamer] == [
        ("/b", 5), ("/a", 10), ("/b", 15), ("/a", 20)]
    assert streamer.next_timestamp() is None


def test_empty_topic_list_reads_every_topic(drive):
    assert [t for t, _ in drive.get_data_streamer(topics=[])] == ["/a", "/b", "/a", "/b", "/a"]
    assert [t for t, _ in drive.get_data_streamer(topics=["b/"])] == ["/b", "/b"]


# -- query builders -------------------------------------------------------------------------


class Time:
    """Stands for the official ``Time``: what the builder uses is ``to_nanoseconds()``."""

    def __init__(self, ns: int) -> None:
        self.ns = ns

    def to_nanoseconds(self) -> int:
        return self.ns


def test_with_created_timestamp_takes_the_official_keywords_and_time_objects():
    block = QueryTopic().with_created_timestamp(time_start=Time(5), time_end=Time(9)).to_block()
    assert block == {"created_at_ns": {"$between": [5, 9]}}
    assert QuerySequence().with_created_timestamp(time_end=7).to_block() == {
        "created_at_ns": {"$leq": 7}}
    assert QuerySequence().with_created_timestamp(start=3).to_block() == {  # ours still works
        "created_at_ns": {"$geq": 3}}
    with pytest.raises(ValueError, match="At least one among 'time_start' and 'time_end'"):
        QueryTopic().with_created_timestamp()
    with pytest.raises(ValueError, match="'time_start' must be less than 'time_end'"):
        QueryTopic().with_created_timestamp(time_start=9, time_end=5)
    with pytest.raises(ValueError, match="not both"):
        QueryTopic().with_created_timestamp(time_start=1, start=1)


def test_sequence_and_topic_builders_take_expressions_in_the_constructor():
    sequence = QuerySequence(Sequence.Q.user_metadata["kind"].eq("test"),
                             Sequence.Q.name.match("dri"))
    assert sequence.to_block() == {"locator": {"$match": "dri"},
                                   "user_metadata": {"kind": {"$eq": "test"}}}
    topic = QueryTopic(Topic.Q.user_metadata["rate"].gt(10))
    assert topic.to_block() == {"user_metadata": {"rate": {"$gt": 10}}}


def test_include_timestamp_range_defaults_to_none_and_timestamp_range_has_start_end(client):
    assert QueryOntologyCatalog().include_timestamp_range is None
    with client.sequence_create("imu_run", {}) as writer:
        imu = writer.topic_create("/front_stereo_imu/imu", {}, IMU)
        for ts, ay in ((100, 0.5), (200, 1.5), (300, 2.0)):
            imu.push(Message(timestamp_ns=ts, data=IMU(
                acceleration=Vector3d(x=0.0, y=ay, z=9.8),
                angular_velocity=Vector3d(x=0.0, y=0.0, z=0.0))))
    [item] = client.query(QueryOntologyCatalog(IMU.Q.acceleration.y.geq(1),
                                               include_timestamp_range=True))
    [topic] = item.topics
    assert (topic.timestamp_range.start, topic.timestamp_range.end) == (200, 300)
    [item] = client.query(QueryOntologyCatalog(IMU.Q.acceleration.y.geq(1)))
    assert item.topics[0].timestamp_range is None


# -- handlers -------------------------------------------------------------------------------


def test_get_topic_handler_is_cached_and_force_new_instance_replaces_it(drive):
    first = drive.get_topic_handler("/a")
    assert drive.get_topic_handler("a") is first
    fresh = drive.get_topic_handler("/a", force_new_instance=True)
    assert fresh is not first and drive.get_topic_handler("/a") is fresh


def test_reload_returns_a_bool(client, drive):
    topic = drive.get_topic_handler("/a")
    assert drive.reload() is True and topic.reload() is True
    client.sequence_delete("drive")
    assert drive.reload() is False and topic.reload() is False


def test_unknown_topic_handler_is_a_value_error_but_client_topic_handler_is_none(client, drive):
    with pytest.raises(ValueError, match="Topic '/lidar' not available in sequence 'drive'") \
            as caught:
        drive.get_topic_handler("/lidar")
    assert isinstance(caught.value, NotFoundError)  # and still our LookupError
    with pytest.raises(ValueError, match="Invalid input topic names"):
        drive.get_data_streamer(topics=["/lidar"])
    assert client.topic_handler("drive", "/lidar") is None


def test_reading_without_data_is_a_value_error(client, drive):
    with pytest.raises(ValueError, match="Unable to get the data-stream for topic /empty"):
        drive.get_topic_handler("/empty").get_data_streamer()
    with client.sequence_create("hollow", {}) as writer:
        writer.topic_create("/nothing", {}, Floating64)
    with pytest.raises(ValueError, match="Unable to get the data-stream for sequence hollow"):
        client.sequence_handler("hollow").get_data_streamer()
    assert drive.get_topic_handler("/empty").to_arrow().num_rows == 0  # ours: an empty table


def test_closing_a_handler_closes_its_streamers_and_keeps_it_usable(drive):
    streamer = drive.get_data_streamer()
    topic_streamer = drive.get_topic_handler("/a").get_data_streamer()
    drive.close()
    with pytest.raises(RuntimeError):
        next(streamer)
    with pytest.raises(RuntimeError):
        next(topic_streamer)
    assert len(list(drive.get_data_streamer())) == 5


# -- writing and names ----------------------------------------------------------------------


def test_surrounding_slashes_in_names_are_dropped(client):
    with client.sequence_create("/run/", {}) as writer:
        writer.topic_create("gps/", {}, Floating64).push(value(1))
        assert writer.topic_writer_exists("/gps/")
    assert client.list_sequences() == ["run"]
    handler = client.sequence_handler("run/")
    assert handler.topics == ["/gps"] and handler.get_topic_handler("/gps/").name == "/gps"
    assert client.topic_handler("/run", "gps/").name == "/gps"


def test_duplicate_topic_create_returns_none_and_logs_an_error(client, caplog):
    with client.sequence_create("dup", {}) as writer:
        first = writer.topic_create("/v", {}, Floating64)
        with caplog.at_level(logging.ERROR):
            assert writer.topic_create("v", {}, Floating64) is None
        first.push(value(1))
    assert "Topic '/v' already exists in this sequence" in caplog.text
    assert client.topic_handler("dup", "/v").to_arrow().num_rows == 1


@pytest.mark.parametrize(("call", "error", "text"), [
    (lambda c: c.sequence_create("bad.name", {}), ValueError,
     r"Sequence name contains invalid characters: \['\.'\]"),
    (lambda c: c.sequence_create("", {}), ValueError, "Empty sequence name"),
    (lambda c: c.sequence_create("run", ["not", "a", "dict"]), ValueError,
     "Metadata must be a dictionary"),
    (lambda c: c.sequence_create("run", {}).topic_create("/t", {}, Floating64), RuntimeError,
     r"SequenceWriter or SequenceUpdater must be used within a 'with' block\."),
])
def test_messages_start_with_the_official_words(client, call, error, text):
    with pytest.raises(error, match=text):
        call(client)


# -- connecting -----------------------------------------------------------------------------


def test_failed_connect_is_a_connection_error_with_the_official_words():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once closed
    with pytest.raises(ConnectionError,
                       match=f"^Connection to Flight server at '127.0.0.1:{port}' "
                             "failed on startup") as caught:
        MosaicoClient.connect("127.0.0.1", port, timeout=1)
    assert isinstance(caught.value, MosaicoConnectionError)


def test_auth_errors_say_unauthorized():
    engine = MemoryEngine(enforce_api_keys=True)
    reader = engine.keys.issue(APIKeyPermissionEnum.Read, "reader")
    stranger = MemoryEngine(enforce_api_keys=True).keys.issue(APIKeyPermissionEnum.Read, "x")
    with running_server(engine) as server:
        with pytest.raises(ConnectionError, match="unauthorized"):
            MosaicoClient.connect("127.0.0.1", server.port, api_key=stranger)
        with MosaicoClient.connect("127.0.0.1", server.port, api_key=reader) as client:
            with pytest.raises(PermissionError, match="unauthorized"):
                client.sequence_delete("anything")
