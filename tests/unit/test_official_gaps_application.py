"""Official names closed on the application side: writer statuses, writer configs and
the catalog's official attribute names."""

from __future__ import annotations

import dataclasses

import pytest

from mosaicolabs import Floating64, Message, MosaicoClient
from mosaicolabs.enum import (
    SequenceStatus,
    SessionLevelErrorPolicy,
    SessionStatus,
    TopicLevelErrorPolicy,
    TopicWriterStatus,
)


def sample(i: int) -> Message:
    return Message(timestamp_ns=i, data=Floating64(data=float(i)))


@pytest.fixture
def client():
    with MosaicoClient.embedded() as embedded:
        yield embedded


def test_status_enums_have_the_official_members_and_module_paths():
    from mosaicolabs.enum.session_status import SequenceStatus as Seq
    from mosaicolabs.enum.session_status import SessionStatus as Ses
    from mosaicolabs.enum.topic_writer_status import TopicWriterStatus as Tw

    assert (Seq, Ses, Tw) == (SequenceStatus, SessionStatus, TopicWriterStatus)
    assert SequenceStatus is SessionStatus
    assert {m.name: m.value for m in SessionStatus} == {
        "Null": "null", "Pending": "pending", "Finalized": "finalized", "Error": "error"}
    assert {m.name: m.value for m in TopicWriterStatus} == {
        "Active": "active", "Finalized": "finalized",
        "FinalizedWithError": "finalized_with_error",
        "IgnoredLastError": "ignored_last_error", "RaisedException": "raised_exception"}


def test_session_status_follows_the_writer(client):
    writer = client.sequence_create("seq", {})
    assert writer.session_status is SessionStatus.Null
    with writer:
        assert writer.session_status is SessionStatus.Pending
        assert writer.status is SequenceStatus.Pending
        topic = writer.topic_create("/values", {}, Floating64)
        assert topic is not None and topic.status is TopicWriterStatus.Active
        topic.push(sample(1))
    assert writer.session_status is SessionStatus.Finalized
    assert topic.status is TopicWriterStatus.Finalized

    handler = client.sequence_handler("seq")
    assert handler is not None
    updater = handler.update(on_error=SessionLevelErrorPolicy.Report)
    assert updater.session_status is SessionStatus.Null
    with pytest.raises(RuntimeError):
        with updater:
            assert updater.session_status is SessionStatus.Pending
            raise RuntimeError("boom")
    assert updater.session_status is SessionStatus.Error


def test_topic_writer_status_under_the_topic_policies(client):
    with client.sequence_create("seq", {}) as writer:
        with writer.topic_create("/fin", {}, Floating64,
                                 on_error=TopicLevelErrorPolicy.Finalize) as fin:
            raise ValueError("finalize me")
        assert fin.status is TopicWriterStatus.FinalizedWithError
        with writer.topic_create("/ign", {}, Floating64,
                                 on_error=TopicLevelErrorPolicy.Ignore) as ign:
            raise ValueError("ignore me")
        assert ign.status is TopicWriterStatus.IgnoredLastError
        ign.push(sample(5))  # a later push clears it, as in the official client
        assert ign.status is TopicWriterStatus.Active
        raising = writer.topic_create("/raise", {}, Floating64)
        with pytest.raises(ValueError):
            with raising:
                raise ValueError("raise me")
        assert raising.status is TopicWriterStatus.RaisedException
    assert ign.status is TopicWriterStatus.Finalized


def test_writer_configs_have_the_official_fields(client):
    from mosaicolabs.handlers.config import SessionWriterConfig, TopicWriterConfig, WriterConfig

    assert issubclass(SessionWriterConfig, WriterConfig)
    assert issubclass(TopicWriterConfig, WriterConfig)
    fields = [f.name for f in dataclasses.fields(SessionWriterConfig)]
    assert fields == ["max_batch_size_bytes", "max_batch_size_records", "on_error"]
    assert [f.name for f in dataclasses.fields(TopicWriterConfig)] == fields
    config = TopicWriterConfig(max_batch_size_bytes=10, max_batch_size_records=2,
                               on_error=TopicLevelErrorPolicy.Ignore)
    assert config.on_error is TopicLevelErrorPolicy.Ignore
    # the writers' own options, in these shapes
    with client.sequence_create("seq", {}, max_batch_size_records=7,
                                on_error=SessionLevelErrorPolicy.Delete) as writer:
        assert writer._config.max_batch_size_records == 7
        assert writer._config.on_error is SessionLevelErrorPolicy.Delete
        writer.topic_create("/t", {}, Floating64)


def test_catalog_records_have_the_official_attribute_names(client):
    with client.sequence_create("seq", {}) as writer:
        topic = writer.topic_create("/values", {}, Floating64)
        assert topic is not None
        topic.push(sample(1))
    handler = client.sequence_handler("seq")
    assert handler is not None
    with handler.update() as updater:
        updater.topic_create("/more", {}, Floating64)
    handler.reload()
    sequence = handler.snapshot
    assert sequence.created_timestamp == sequence.created_at_ns > 0
    assert sequence.updated_timestamps == [s.created_at_ns for s in sequence.sessions]
    assert len(sequence.updated_timestamps) == 2
    session = sequence.sessions[0]
    assert session.created_timestamp == session.created_at_ns
    assert session.completed_timestamp == session.completed_at_ns is not None
    stored = next(t for t in sequence.topics if t.name == "/values")
    assert stored.created_timestamp == stored.created_at_ns
    assert stored.total_size_bytes == stored.total_bytes > 0
