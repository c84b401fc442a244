"""Catalog rules of the in-process engine: sequences, sessions, topics, notifications."""

from __future__ import annotations

import pyarrow as pa
import pytest

from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain import errors as E
from mosaicolabs.domain.catalog import TimeRange
from mosaicolabs.domain.notifications import NotificationType
from mosaicolabs.domain.policies import SerializationFormat as SF
from mosaicolabs.domain.timeutil import ns_to_datetime

SCHEMA = pa.schema([pa.field("timestamp_ns", pa.int64())])


class Clock:  # moves only when told to
    now = 1_000_000

    def __call__(self) -> int:
        return self.now

    def advance(self, ns: int = 1_000) -> int:
        self.now += ns
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def engine(clock):
    eng = MemoryEngine(clock=clock)
    eng.create_sequence("seq", {"robot": "r1"})
    return eng


def assert_not_found(*calls):
    for call in calls:
        with pytest.raises(E.NotFoundError):
            call()


def new_topic(engine, session, locator, fmt=SF.Default):
    return engine.create_topic(session, locator, "imu", fmt, {"k": 1})


def upload(engine, locator, topic_uuid, timestamps):
    up = engine.begin_upload(locator, topic_uuid, SCHEMA)
    up.append(pa.record_batch([pa.array(timestamps, pa.int64())], schema=SCHEMA))
    up.commit()


def locked_session(engine, locator="seq/imu", timestamps=(1, 2)):
    session = engine.create_session(locator.partition("/")[0])
    upload(engine, locator, new_topic(engine, session, locator), list(timestamps))
    engine.finalize_session(session)
    return session


def test_create_describe_list_delete_sequence(engine, clock):
    created_at = clock.now
    clock.advance()
    engine.create_sequence("alpha", {})
    assert engine.list_sequences() == ["alpha", "seq"]
    seq = engine.describe_sequence("seq")
    assert (seq.name, seq.user_metadata, seq.created_at_ns) == ("seq", {"robot": "r1"}, created_at)
    assert (seq.sessions, seq.topics, seq.topic_names) == ((), (), [])
    assert seq.total_size_bytes == 0 and seq.time_range is None
    with pytest.raises(E.AlreadyExistsError) as info:
        engine.create_sequence("seq", {"robot": "other"})
    assert info.value.resource == "seq"
    assert engine.describe_sequence("seq").user_metadata == {"robot": "r1"}
    engine.delete_sequence("alpha")
    assert engine.list_sequences() == ["seq"]
    assert_not_found(lambda: engine.describe_sequence("alpha"))


@pytest.mark.parametrize(
    ("name", "metadata", "error"),
    [("new", m, E.InvalidRequestError) for m in (None, [], ["a"], "text", 5, ("k", "v"))]
    + [(n, {}, E.InvalidNameError) for n in ("", "_x", "a b", "a/b", None)],
)
def test_bad_sequence_requests_store_nothing(engine, name, metadata, error):
    with pytest.raises(error):
        engine.create_sequence(name, metadata)
    assert engine.list_sequences() == ["seq"]


def test_caller_mutations_do_not_reach_stored_metadata(engine):
    metadata = {"a": 1}
    engine.create_sequence("m", metadata)
    metadata["a"] = 2
    engine.describe_sequence("m").user_metadata["b"] = 3
    assert engine.describe_sequence("m").user_metadata == {"a": 1}


def test_nested_metadata_is_not_aliased(engine):
    metadata = {"a": {"b": 1}}
    engine.create_sequence("m", metadata)
    metadata["a"]["b"] = 2
    engine.describe_sequence("m").user_metadata["a"]["b"] = 3
    assert engine.describe_sequence("m").user_metadata == {"a": {"b": 1}}


def test_topic_in_locked_session_is_a_conflict(engine):
    session = locked_session(engine)
    with pytest.raises(E.ConflictError):
        new_topic(engine, session, "seq/late")
    assert_not_found(lambda: engine.describe_topic("seq/late"))


def test_topic_under_another_sequence_is_denied(engine):
    engine.create_sequence("other", {})
    session = engine.create_session("seq")
    with pytest.raises(E.PermissionDeniedError):
        new_topic(engine, session, "other/imu")
    assert_not_found(lambda: engine.describe_topic("other/imu"))
    assert engine.describe_sequence("seq").sessions[0].topics == ()


def test_duplicate_topic_is_refused_even_across_sessions(engine):
    first = engine.create_session("seq")
    uuid = new_topic(engine, first, "seq/imu")
    with pytest.raises(E.AlreadyExistsError):
        new_topic(engine, first, "seq/imu")
    with pytest.raises(E.AlreadyExistsError):
        new_topic(engine, engine.create_session("seq"), "seq/imu")
    assert engine.describe_sequence("seq").topic_names == ["/imu"]
    engine.delete_topic("seq/imu")
    assert new_topic(engine, first, "seq/imu") != uuid


@pytest.mark.parametrize("fmt", ["DEFAULT", "parquet", "", None, 3])
def test_bad_serialization_format_is_invalid(engine, fmt):
    session = engine.create_session("seq")
    with pytest.raises(E.InvalidRequestError):
        new_topic(engine, session, "seq/imu", fmt)
    assert_not_found(lambda: engine.describe_topic("seq/imu"))


@pytest.mark.parametrize(("fmt", "stored"), [("ragged", SF.Ragged), (SF.Image, SF.Image)])
def test_topic_snapshot_fields(engine, clock, fmt, stored):
    session = engine.create_session("seq")
    clock.advance()
    new_topic(engine, session, "seq/cam/front", fmt)
    topic = engine.describe_topic("seq/cam/front")
    assert (topic.name, topic.locator) == ("/cam/front", "seq/cam/front")
    assert (topic.sequence_name, topic.ontology_tag, topic.serialization_format) == (
        "seq", "imu", stored)
    assert (topic.user_metadata, topic.created_at_ns) == ({"k": 1}, clock.now)
    assert (topic.locked, topic.completed_at_ns, topic.chunks_number) == (False, None, 0)
    assert (topic.total_bytes, topic.time_range, topic.schema) == (0, None, None)


def test_topic_errors_for_missing_session_and_bad_metadata(engine):
    with pytest.raises(E.NotFoundError):
        new_topic(engine, "00000000-0000-0000-0000-000000000000", "seq/imu")
    session = engine.create_session("seq")
    with pytest.raises(E.InvalidRequestError):
        engine.create_topic(session, "seq/imu", "imu", SF.Default, ["not", "a", "dict"])
    with pytest.raises(E.InvalidNameError):
        new_topic(engine, session, "seq/bad topic")


def test_finalize_rules(engine, clock):
    session = engine.create_session("seq")
    with pytest.raises(E.ConflictError, match="empty"):
        engine.finalize_session(session)
    uuid = new_topic(engine, session, "seq/imu")
    with pytest.raises(E.ConflictError, match="seq/imu"):
        engine.finalize_session(session)
    assert not engine.describe_sequence("seq").sessions[0].locked
    upload(engine, "seq/imu", uuid, [5])
    finalized_at = clock.advance()
    engine.finalize_session(session)
    done = engine.describe_sequence("seq").sessions[0]
    assert done.locked and done.completed_at_ns == finalized_at
    # mosaicod 0.3.0 finalizes a finalized session again (same checks, new stamp).
    again_at = clock.advance()
    engine.finalize_session(session)
    assert engine.describe_sequence("seq").sessions[0].completed_at_ns == again_at
    with pytest.raises(E.NotFoundError):
        engine.finalize_session("no-such-session")


def test_delete_session_even_when_finalized_removes_its_topics(engine):
    keep = engine.create_session("seq")
    new_topic(engine, keep, "seq/keep")
    gone = locked_session(engine, "seq/imu")
    engine.create_notification("seq/imu", "error", "m")
    engine.delete_session(gone)
    seq = engine.describe_sequence("seq")
    assert [s.uuid for s in seq.sessions] == [keep]
    assert seq.topic_names == ["/keep"]
    assert_not_found(lambda: engine.describe_topic("seq/imu"),
                     lambda: engine.list_notifications("seq/imu"),
                     lambda: engine.delete_session(gone),
                     lambda: engine.finalize_session(gone))
    new_topic(engine, keep, "seq/imu")  # the locator is free again


def test_delete_sequence_cascades(engine):
    session = locked_session(engine, "seq/imu")
    open_session = engine.create_session("seq")
    new_topic(engine, open_session, "seq/open")
    engine.create_notification("seq", "error", "seq note")
    engine.create_notification("seq/imu", "error", "topic note")
    engine.delete_sequence("seq")
    assert engine.list_sequences() == []
    assert_not_found(lambda: engine.describe_topic("seq/imu"),
                     lambda: engine.describe_topic("seq/open"),
                     lambda: engine.delete_session(session),
                     lambda: engine.delete_session(open_session),
                     lambda: engine.create_notification("seq", "error", "m"))
    # As on mosaicod 0.3.0: a deleted sequence has no notifications, and deleting it
    # again succeeds.
    assert engine.list_notifications("seq") == []
    engine.delete_sequence("seq")
    engine.create_sequence("seq", {})  # same name again starts clean
    assert engine.list_notifications("seq") == []
    assert engine.describe_sequence("seq").sessions == ()


def test_delete_topic_only_when_unlocked(engine):
    locked_session(engine, "seq/done")
    session = engine.create_session("seq")
    new_topic(engine, session, "seq/open")
    with pytest.raises(E.ConflictError):
        engine.delete_topic("seq/done")
    assert engine.describe_topic("seq/done").locked
    engine.delete_topic("seq/open")
    assert_not_found(lambda: engine.describe_topic("seq/open"),
                     lambda: engine.delete_topic("seq/open"))
    assert engine.describe_sequence("seq").topic_names == ["/done"]
    with pytest.raises(E.ConflictError, match="empty"):
        engine.finalize_session(session)


def test_notifications_create_list_purge(engine, clock):
    engine.create_topic(engine.create_session("seq"), "seq/x", "", "default", {})
    stamps = []
    for locator, msg in [("seq", "s1"), ("seq/x", "t1"), ("seq", "s2"), ("seq/x", "t2")]:
        stamps.append(clock.advance(1_000_000))
        engine.create_notification(locator, "error", msg)
    seq_notes = engine.list_notifications("seq")
    assert [n.message for n in seq_notes] == ["s1", "s2"]
    assert all(n.sequence_name == "seq" and n.topic_name is None for n in seq_notes)
    assert all(n.type is NotificationType.ERROR for n in seq_notes)
    assert [n.created_datetime for n in seq_notes] == [ns_to_datetime(stamps[0]),
                                                      ns_to_datetime(stamps[2])]
    topic_notes = engine.list_notifications("seq/x")
    assert [(n.sequence_name, n.topic_name, n.message) for n in topic_notes] == [
        ("seq", "/x", "t1"), ("seq", "/x", "t2")]
    engine.purge_notifications("seq/x")
    assert engine.list_notifications("seq/x") == []
    assert len(engine.list_notifications("seq")) == 2
    engine.purge_notifications("seq")
    assert engine.list_notifications("seq") == []


@pytest.mark.parametrize("kind", ["warning", "ERROR", "", None])
def test_only_error_notifications_exist(engine, kind):
    with pytest.raises(E.InvalidRequestError):
        engine.create_notification("seq", kind, "m")
    assert engine.list_notifications("seq") == []


@pytest.mark.parametrize("locator", ["seq/nope", "nope/x"])
def test_notifications_on_missing_topics(engine, locator):
    assert_not_found(lambda: engine.create_notification(locator, "error", "m"),
                     lambda: engine.list_notifications(locator),
                     lambda: engine.purge_notifications(locator))


def test_notifications_of_a_missing_sequence_are_none(engine):
    # mosaicod 0.3.0 looks them up by name: an unknown sequence has none to list or purge.
    assert_not_found(lambda: engine.create_notification("nope", "error", "m"))
    assert engine.list_notifications("nope") == []
    engine.purge_notifications("nope")


def test_describe_sequence_snapshot(engine, clock):
    assert_not_found(lambda: engine.create_session("nope"))
    first = locked_session(engine, "seq/a", timestamps=(30, 10, 20))
    second_at = clock.advance()
    second = engine.create_session("seq")
    upload(engine, "seq/b", new_topic(engine, second, "seq/b"), [5, 100])
    new_topic(engine, second, "seq/c")
    seq = engine.describe_sequence("seq")
    assert [s.uuid for s in seq.sessions] == [first, second]
    # mosaicod writes a session's topic list when it is finalized: none while it is open
    assert [s.topics for s in seq.sessions] == [("/a",), ()]
    assert [s.locked for s in seq.sessions] == [True, False]
    assert seq.sessions[1].created_at_ns == second_at
    assert seq.topic_names == ["/a", "/b", "/c"]
    assert [t.locator for t in seq.topics] == ["seq/a", "seq/b", "seq/c"]
    assert seq.topics[0].time_range == TimeRange(10, 30)
    assert seq.topics[2].time_range is None
    sizes = [t.total_bytes for t in seq.topics]
    assert sizes[0] > 0 and sizes[1] > 0 and sizes[2] == 0
    assert seq.total_size_bytes == sum(sizes)
    assert seq.time_range == TimeRange(5, 100)
    engine.delete_topic("seq/c")
    assert seq.topic_names == ["/a", "/b", "/c"]  # an old snapshot does not change
    assert engine.describe_sequence("seq").topic_names == ["/a", "/b"]

