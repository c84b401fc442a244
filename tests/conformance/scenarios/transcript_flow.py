"""The wire-transcript scenario, official side (test_transcripts.py runs ours the same way).

Steps, each marked in the transcript by a ``ListFlights`` call made right before it
(``list_sequences``) so the two transcripts can be cut into comparable sections:
connect, version, write (2 topics), catalogue + reads, query, a failing block with
``Report`` + notification lists, a failing block with ``Delete``, deletes.
Prints ``{"steps": [...]}``.
"""

from __future__ import annotations

from _official import connect, emit, parse_args

from mosaicolabs import (
    IMU,
    Floating64,
    Message,
    QueryOntologyCatalog,
    QuerySequence,
    SessionLevelErrorPolicy,
    Vector3d,
)

STEPS = ("version", "write", "read", "query", "report", "delete_policy", "deletes")


def imu(i: int) -> Message:
    return Message(timestamp_ns=100 + 10 * i, frame_id="imu", data=IMU(
        acceleration=Vector3d(x=float(i), y=0.0, z=9.8),
        angular_velocity=Vector3d(x=0.0, y=0.0, z=0.1)))


def write(client) -> None:
    with client.sequence_create("flow", {"k": 1, "site": {"name": "lab"}}) as writer:
        first = writer.topic_create("/imu", {"rate": 100}, IMU)
        second = writer.topic_create("/speed", {}, Floating64)
        for i in range(3):
            first.push(imu(i))
            second.push(Message(timestamp_ns=105 + 10 * i, data=Floating64(data=i / 2)))


def read(client) -> None:
    handler = client.sequence_handler("flow")
    assert handler.topics == ["/imu", "/speed"], handler.topics
    topic = client.topic_handler("flow", "/imu")
    assert len(list(topic.get_data_streamer())) == 3
    speed = client.topic_handler("flow", "/speed")
    assert len(list(speed.get_data_streamer(110, 130))) == 2
    assert len(list(handler.get_data_streamer())) == 6


def query(client) -> None:
    found = client.query(QuerySequence().with_name("flow"),
                         QueryOntologyCatalog(IMU.Q.acceleration.x.gt(0.5),
                                              include_timestamp_range=True))
    assert [item.sequence.name for item in found] == ["flow"]


def failing(client, name: str, policy) -> None:
    try:
        with client.sequence_create(name, {}, on_error=policy) as writer:
            writer.topic_create("/imu", {}, IMU).push(imu(0))
            raise RuntimeError("boom")
    except Exception:  # noqa: BLE001 - the failure is expected; the wire is under test
        pass


def report(client) -> None:
    failing(client, "flow_err", SessionLevelErrorPolicy.Report)
    assert len(client.list_sequence_notifications("flow_err")) == 1
    assert len(client.list_topic_notifications("flow_err", "/imu")) == 1


def deletes(client) -> None:
    client.sequence_delete("flow")
    client.sequence_delete("flow_err")


def main() -> None:
    args = parse_args()
    client = connect(args)
    try:
        actions = {"version": client.version, "write": lambda: write(client),
                   "read": lambda: read(client), "query": lambda: query(client),
                   "report": lambda: report(client),
                   "delete_policy": lambda: failing(client, "flow_del",
                                                    SessionLevelErrorPolicy.Delete),
                   "deletes": lambda: deletes(client)}
        for step in STEPS:
            client.list_sequences()  # section marker in the transcript
            actions[step]()
    finally:
        client.close()
    emit({"steps": list(STEPS)})


if __name__ == "__main__":
    main()
