"""Writing through the public API on both backends: writers, batching, policies, bad input."""

from __future__ import annotations

import pyarrow as pa
import pytest

from mosaicolabs import SessionLevelErrorPolicy, TopicLevelErrorPolicy, TopicWriter
from mosaicolabs.domain.errors import (
    InvalidRequestError,
    WriterStateError,
)
from mosaicolabs.domain.ontology.message import Message

from .models import Axis, Reading


def reading(i: int) -> Message:
    return Message(
        timestamp_ns=1_000 + i,
        data=Reading(value=i * 0.5, label=f"r{i}" if i % 3 else None, blob=bytes([i % 256]) * 3,
                     axis=Axis(a=float(i), b=None) if i % 2 else None,
                     samples=[float(i)] * (i % 4) or None),
        frame_id="base" if i % 5 else None,
    )


def write(client, name: str, count: int, **options) -> None:
    with client.sequence_create(name, {"purpose": "contract"}, **options) as writer:
        topic = writer.topic_create("/readings", {"unit": "V"}, Reading)
        for i in range(count):
            topic.push(reading(i))


def read_back(client, name: str, topic: str = "/readings", **bounds) -> list[Message]:
    handler = client.topic_handler(name, topic)
    with handler.get_data_streamer(**bounds) as streamer:
        return list(streamer)


def test_messages_round_trip_exactly(client):
    write(client, "seq", 250)
    assert read_back(client, "seq") == [reading(i) for i in range(250)]
    handler = client.topic_handler("seq", "/readings")
    assert handler.locked and handler.ontology_tag == "contract_reading"
    assert (handler.timestamp_ns_min, handler.timestamp_ns_max) == (1_000, 1_249)
    assert handler.user_metadata == {"unit": "V"}


def test_time_bounds_are_start_inclusive_end_exclusive(client):
    write(client, "seq", 20)
    stamps = [m.timestamp_ns for m in read_back(client, "seq", start_timestamp_ns=1_003,
                                               end_timestamp_ns=1_006)]
    assert stamps == [1_003, 1_004, 1_005]


@pytest.mark.parametrize(("limits", "batches"), [
    ({"max_batch_size_records": 10}, 5),
    ({"max_batch_size_records": 1_000}, 1),
    ({"max_batch_size_bytes": 1_000}, None),
])
def test_both_batch_limits_are_honoured(client, limits, batches, monkeypatch):
    # Counted as sent: mosaicod's chunks_number counts its own size-based chunks (one
    # here), not the client's batches.
    sent: list[int] = []
    send = TopicWriter._write
    monkeypatch.setattr(TopicWriter, "_write",
                        lambda writer, batch: (sent.append(batch.num_rows), send(writer, batch)))
    write(client, "seq", 50, **limits)
    if batches is not None:
        assert len(sent) == batches
    else:
        assert len(sent) >= 5  # 50 records of ~100 bytes cannot fit in 1 kB batches
    assert sum(sent) == 50 and client.topic_handler("seq", "/readings").chunks_number == 1
    assert len(read_back(client, "seq")) == 50


def test_columnar_push_batch_round_trips(client):
    stamps = list(range(10, 20))
    with client.sequence_create("seq", {}) as writer:
        topic = writer.topic_create("/readings", {}, Reading)
        topic.push_batch({"timestamp_ns": stamps, "value": [float(t) for t in stamps]})
        topic.push(Message(timestamp_ns=25, data=Reading(value=2.5)))
    table = client.topic_handler("seq", "/readings").to_arrow()
    assert table.column("timestamp_ns").to_pylist() == stamps + [25]
    assert table.column("label").null_count == 11


def test_push_batch_refuses_bad_columns_before_sending(client):
    with client.sequence_create("seq", {}) as writer:
        topic = writer.topic_create("/readings", {}, Reading)
        topic.push(Message(timestamp_ns=1, data=Reading(value=1.0)))
        with pytest.raises(InvalidRequestError, match="unknown columns"):
            topic.push_batch({"timestamp_ns": [2], "value": [2.0], "bogus": [1]})
        with pytest.raises(InvalidRequestError, match="value"):
            topic.push_batch({"timestamp_ns": [2], "value": ["not a number"]})
        with pytest.raises(InvalidRequestError, match="required column 'value'"):
            topic.push_batch(pa.table({"timestamp_ns": pa.array([2], pa.int64())}))
        topic.push(Message(timestamp_ns=3, data=Reading(value=3.0)))
    assert [m.timestamp_ns for m in read_back(client, "seq")] == [1, 3]


def test_bad_pushes_are_refused_and_earlier_data_is_kept(client):
    class Other(Reading):
        __ontology_tag__ = "contract_other"

    with client.sequence_create("seq", {}) as writer:
        topic = writer.topic_create("/readings", {}, Reading)
        topic.push(reading(1))
        with pytest.raises(InvalidRequestError, match="timestamp_ns must be an int"):
            topic.push(Message(timestamp_ns=2.5, data=Reading(value=1.0)))
        with pytest.raises(InvalidRequestError, match="takes Reading"):
            topic.push(Message(timestamp_ns=3, data=Axis(a=1.0)))
        with pytest.raises(InvalidRequestError):
            topic.push(Message(timestamp_ns=4, data=Reading(value="NaN-ish text")))
            topic.flush()
        topic.push(reading(5))
    assert [m.timestamp_ns for m in read_back(client, "seq")] == [1_001, 1_005]
    del Other


def test_duplicate_topic_and_closed_writer_are_typed_errors(client):
    with client.sequence_create("seq", {}) as writer:
        topic = writer.topic_create("/readings", {}, Reading)
        assert writer.topic_create("readings", {}, Reading) is None  # as the official
        topic.push(reading(0))
    with pytest.raises(WriterStateError):
        topic.push(reading(1))
    with pytest.raises(WriterStateError):
        writer.topic_create("/late", {}, Reading)
    assert len(read_back(client, "seq")) == 1


def test_writer_outside_with_raises_runtime_error(client):
    writer = client.sequence_create("seq", {})
    with pytest.raises(RuntimeError):
        writer.topic_create("/readings", {}, Reading)
    assert client.list_sequences() == []


def test_report_policy_notifies_finalizes_and_reraises(client):
    with pytest.raises(ZeroDivisionError):
        with client.sequence_create("seq", {}) as writer:
            topic = writer.topic_create("/readings", {}, Reading)
            topic.push(reading(0))
            _ = 1 / 0
    handler = client.sequence_handler("seq")
    assert handler.sessions[0].locked
    assert "ZeroDivisionError" in client.list_sequence_notifications("seq")[0].message
    assert client.list_topic_notifications("seq", "/readings")[0].message == "division by zero"
    assert len(read_back(client, "seq")) == 1  # what was accepted is kept


def test_delete_policy_removes_the_sequence_and_reraises(client):
    with pytest.raises(KeyError):
        with client.sequence_create("seq", {}, on_error=SessionLevelErrorPolicy.Delete) as w:
            w.topic_create("/readings", {}, Reading).push(reading(0))
            raise KeyError("boom")
    assert client.list_sequences() == []


def test_topic_policies_finalize_and_ignore_swallow(client):
    with client.sequence_create("seq", {}) as writer:
        with writer.topic_create("/fin", {}, Reading, TopicLevelErrorPolicy.Finalize) as fin:
            fin.push(reading(0))
            raise ValueError("fin failed")
        with writer.topic_create("/ign", {}, Reading, TopicLevelErrorPolicy.Ignore) as ign:
            ign.push(reading(1))
            raise ValueError("ign failed")
        ign.push(reading(2))  # still open after Ignore
    assert not fin.is_active
    assert [n.message for n in client.list_topic_notifications("seq", "/fin")] == ["fin failed"]
    assert [n.message for n in client.list_topic_notifications("seq", "/ign")] == ["ign failed"]
    assert len(read_back(client, "seq", "/ign")) == 2


def test_updater_adds_a_session_and_merged_read_interleaves(client):
    write(client, "seq", 5)
    with client.sequence_handler("seq").update() as updater:
        topic = updater.topic_create("/more", {}, Reading)
        for t in (1_000, 1_002, 1_010):
            topic.push(Message(timestamp_ns=t, data=Reading(value=-1.0)))
    client.clear_sequence_handlers_cache()
    handler = client.sequence_handler("seq")
    assert len(handler.sessions) == 2 and handler.topics == ["/readings", "/more"]
    merged = [(name, m.timestamp_ns) for name, m in handler.get_data_streamer()]
    assert [t for _, t in merged] == sorted(t for _, t in merged)
    # equal timestamps: topics in name order ("/more" before "/readings")
    assert merged[:2] == [("/more", 1_000), ("/readings", 1_000)]
    assert len(merged) == 8
