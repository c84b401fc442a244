"""The 13 steps a new user takes, through the public client, on every backend.

Connect, write two topics, list, open handlers, ask for a missing sequence, read each
topic, read a time range, read the sequence merged, run three queries, see the
notifications a failed Report-policy session leaves, delete. The same file runs on the
memory engine and the mock server (tests/contract), the mock's container
(tests/integration) and the real mosaicod 0.3.0 (tests/reference).
"""

from __future__ import annotations

import pytest

from mosaicolabs import (
    IMU,
    Floating64,
    Message,
    QueryOntologyCatalog,
    QuerySequence,
    QueryTopic,
    SessionLevelErrorPolicy,
    Vector3d,
)

T0 = 1_700_000_000_000_000_000
STEP = 10_000_000  # 100 Hz
N = 50


def _imu(i: int) -> IMU:
    return IMU(acceleration=Vector3d(x=i / 10, y=0.0, z=9.81),
               angular_velocity=Vector3d(x=0.0, y=0.0, z=0.01))


def _write_drive(client, name: str) -> None:
    with client.sequence_create(name, {"vehicle": {"id": "v7"}, "visibility": 40}) as writer:
        imu = writer.topic_create("/sensors/imu", {"rate_hz": 100}, IMU)
        speed = writer.topic_create("/speed", {}, Floating64)
        for i in range(N):
            imu.push(Message(timestamp_ns=T0 + i * STEP, data=_imu(i)))
            speed.push(Message(timestamp_ns=T0 + i * STEP + STEP // 2,
                               data=Floating64(data=float(i))))


def test_a_new_users_thirteen_steps(client):
    # 1-2: connected (fixture); write one sequence with two topics
    _write_drive(client, "drive_1")
    # 3: list
    assert "drive_1" in client.list_sequences()
    # 4: handlers
    seq = client.sequence_handler("drive_1")
    assert seq is not None
    assert sorted(seq.topics) == ["/sensors/imu", "/speed"]
    assert seq.user_metadata == {"vehicle": {"id": "v7"}, "visibility": 40}
    imu = client.topic_handler("drive_1", "/sensors/imu")
    assert imu is not None and imu.user_metadata == {"rate_hz": 100}
    # 5: a missing sequence is None, not an error
    assert client.sequence_handler("no_such_drive") is None
    assert client.topic_handler("drive_1", "/no/such/topic") is None
    # 6: read each topic, in time order, values intact
    with imu.get_data_streamer() as stream:
        got = [(m.timestamp_ns, m.data.acceleration.x) for m in stream]
    assert got == [(T0 + i * STEP, i / 10) for i in range(N)]
    # 7: a time range [start, end)
    with imu.get_data_streamer(T0 + 10 * STEP, T0 + 20 * STEP) as stream:
        assert [m.timestamp_ns for m in stream] == [T0 + i * STEP for i in range(10, 20)]
    # 8: the sequence merged by time
    with seq.get_data_streamer() as merged:
        order = [(topic, m.timestamp_ns) for topic, m in merged]
    assert len(order) == 2 * N
    assert [t for _, t in order] == sorted(t for _, t in order)
    # 9: three queries
    by_meta = client.query(QuerySequence().with_user_metadata("visibility", lt=50))
    assert [item.sequence.name for item in by_meta] == ["drive_1"]
    by_topic = client.query(QueryTopic().with_ontology_tag(IMU.__ontology_tag__))
    assert [[t.name for t in item.topics] for item in by_topic] == [["/sensors/imu"]]
    by_value = client.query(QueryOntologyCatalog(IMU.Q.acceleration.x.gt(4.0),
                                                include_timestamp_range=True))
    [hit] = list(by_value)
    [topic] = hit.topics
    assert topic.name == "/sensors/imu"
    assert topic.timestamp_range is not None
    start, end = topic.timestamp_range.start, topic.timestamp_range.end
    assert T0 <= start <= T0 + 41 * STEP and end == T0 + (N - 1) * STEP
    # 10: a Report-policy session that fails leaves a notification
    with pytest.raises(RuntimeError, match="sensor unplugged"):
        with client.sequence_create("drive_2", {}, on_error=SessionLevelErrorPolicy.Report) as w:
            w.topic_create("/speed", {}, Floating64).push(
                Message(timestamp_ns=T0, data=Floating64(data=1.0)))
            raise RuntimeError("sensor unplugged")
    notes = client.list_sequence_notifications("drive_2")
    assert notes and "sensor unplugged" in notes[-1].message
    # 11-13: delete; the handler is gone, and deleting again is harmless
    client.sequence_delete("drive_1")
    client.clear_sequence_handlers_cache()
    assert client.sequence_handler("drive_1") is None
    assert "drive_1" not in client.list_sequences()
    client.sequence_delete("drive_1")
