"""Contract of the Catalog port: the same behaviour on the memory and Flight backends."""

from __future__ import annotations

import pytest

from mosaicolabs.domain.errors import (
    AlreadyExistsError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
)
from mosaicolabs.domain.policies import SerializationFormat
from mosaicolabs.ports import Catalog

from .helpers import batch, new_topic, refused, upload

METADATA = {"driver": {"name": "Ada", "level": 3}, "gps": {"lat": 45.46, "lon": 9.19}, "n": [1, 2]}


def test_adapter_satisfies_the_port(ports):
    assert isinstance(ports.catalog, Catalog)


def test_empty_catalog_lists_nothing(ports):
    assert ports.catalog.list_sequences() == []


def test_created_sequence_is_listed_and_described(ports):
    ports.catalog.create_sequence("run_b", {})
    ports.catalog.create_sequence("run_a", METADATA)
    assert sorted(ports.catalog.list_sequences()) == ["run_a", "run_b"]
    sequence = ports.catalog.describe_sequence("run_a")
    assert sequence.name == "run_a"
    assert sequence.user_metadata == METADATA
    assert sequence.created_at_ns > 1_600_000_000 * 10**9
    assert sequence.sessions == () and sequence.topics == ()


def test_duplicate_sequence_is_refused_and_keeps_the_first(ports):
    ports.catalog.create_sequence("dup", {"v": 1})
    with pytest.raises(AlreadyExistsError):
        ports.catalog.create_sequence("dup", {"v": 2})
    assert ports.catalog.describe_sequence("dup").user_metadata == {"v": 1}


def test_unknown_sequence_is_not_found(ports):
    with pytest.raises(NotFoundError):
        ports.catalog.describe_sequence("ghost")
    with pytest.raises(NotFoundError):
        ports.catalog.create_session("ghost")
    ports.catalog.delete_sequence("ghost")  # as on mosaicod 0.3.0: nothing to delete is OK


def test_topic_is_described_with_its_properties(ports):
    session, _ = new_topic(ports, "seq", "/sensors/imu", metadata={"interface": {"type": "UART"}})
    topic = ports.catalog.describe_topic("seq", "/sensors/imu")
    assert topic.name == "/sensors/imu" and topic.sequence_name == "seq"
    assert topic.locator == "seq/sensors/imu"
    assert topic.ontology_tag == "floating64"
    assert topic.serialization_format is SerializationFormat.Default
    assert topic.user_metadata == {"interface": {"type": "UART"}}
    assert topic.locked is False and topic.chunks_number == 0 and topic.time_range is None
    sequence = ports.catalog.describe_sequence("seq")
    assert [s.uuid for s in sequence.sessions] == [session]
    # mosaicod 0.3.0 writes a session's topic list when the session is finalized
    assert sequence.sessions[0].topics == ()
    assert sequence.topic_names == ["/sensors/imu"]


def test_topic_names_with_and_without_slash_are_the_same_topic(ports):
    session, _ = new_topic(ports, "seq", "camera/front")
    with refused(AlreadyExistsError):
        new_topic(ports, "seq", "/camera/front", session=session)
    assert ports.catalog.describe_topic("seq", "camera/front").name == "/camera/front"


def test_topic_in_unknown_session_is_not_found(ports):
    ports.catalog.create_sequence("seq", {})
    with refused(NotFoundError):
        ports.catalog.create_topic(
            "00000000-0000-4000-8000-000000000000",
            "seq",
            "/t",
            "imu",
            SerializationFormat.Default,
            {},
        )


def test_finalizing_an_empty_session_is_a_conflict(ports):
    ports.catalog.create_sequence("seq", {})
    session = ports.catalog.create_session("seq")
    with refused(ConflictError):
        ports.catalog.finalize_session(session)
    assert ports.catalog.describe_sequence("seq").sessions[0].locked is False


def test_finalizing_with_an_incomplete_topic_is_a_conflict(ports):
    session, _ = new_topic(ports, "seq", "/imu")
    with refused(ConflictError):
        ports.catalog.finalize_session(session)


def test_session_locks_after_uploads_and_then_refuses_topics(ports):
    session, topic_uuid = new_topic(ports, "seq", "/imu")
    upload(ports, "seq", "/imu", topic_uuid, [batch([3, 1, 2])])
    assert ports.catalog.describe_sequence("seq").sessions[0].topics == ()  # not finalized
    ports.catalog.finalize_session(session)
    described = ports.catalog.describe_sequence("seq").sessions[0]
    assert described.locked and described.completed_at_ns >= described.created_at_ns
    assert described.topics == ("/imu",)  # listed once the session is finalized
    with refused(ConflictError):
        new_topic(ports, "seq", "/gps", session=session)
    ports.catalog.finalize_session(session)  # again: mosaicod 0.3.0 accepts it
    assert ports.catalog.describe_sequence("seq").sessions[0].locked


def test_locked_topic_cannot_be_deleted_but_an_open_one_can(ports):
    session, topic_uuid = new_topic(ports, "seq", "/done")
    new_topic(ports, "seq", "/open", session=session)
    upload(ports, "seq", "/done", topic_uuid, [batch([1])])
    with pytest.raises(ConflictError):
        ports.catalog.delete_topic("seq", "/done")
    ports.catalog.delete_topic("seq", "/open")
    assert ports.catalog.describe_sequence("seq").topic_names == ["/done"]
    with pytest.raises(NotFoundError):
        ports.catalog.describe_topic("seq", "/open")


def test_session_delete_removes_its_topics_even_when_finalized(ports):
    session, topic_uuid = new_topic(ports, "seq", "/imu")
    upload(ports, "seq", "/imu", topic_uuid, [batch([1, 2])])
    ports.catalog.finalize_session(session)
    keep, _ = new_topic(ports, "seq", "/gps")
    ports.catalog.delete_session(session)
    sequence = ports.catalog.describe_sequence("seq")
    assert [s.uuid for s in sequence.sessions] == [keep]
    assert sequence.topic_names == ["/gps"]
    with pytest.raises(NotFoundError):
        ports.catalog.delete_session(session)


def test_sequence_delete_cascades_and_a_repeat_succeeds(ports):
    _, topic_uuid = new_topic(ports, "seq", "/imu")
    upload(ports, "seq", "/imu", topic_uuid, [batch([1])])
    ports.catalog.delete_sequence("seq")
    assert ports.catalog.list_sequences() == []
    with pytest.raises(NotFoundError):
        ports.catalog.describe_topic("seq", "/imu")
    ports.catalog.delete_sequence("seq")  # a repeat is OK on mosaicod 0.3.0
    ports.catalog.create_sequence("seq", {})  # the name is free again
    assert ports.catalog.describe_sequence("seq").topics == ()


def test_metadata_must_be_an_object(ports):
    with pytest.raises(InvalidRequestError):
        ports.catalog.create_sequence("seq", ["not", "an", "object"])
    assert ports.catalog.list_sequences() == []
