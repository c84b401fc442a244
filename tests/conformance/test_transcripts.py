"""Wire transcripts: the same scenario with the official client and with ours.

The official side is ``scenarios/transcript_flow.py``; :func:`our_flow` below does
the same steps with our client. Both transcripts are normalized
(:mod:`.transcript_norm`), the documented differences are patched out, and what
remains must be identical: same calls, bodies, descriptors, schemas, row counts,
statuses and header names. Run without and with API keys enforced.
"""

from __future__ import annotations

import pytest

from mosaicolabs import (
    IMU,
    Floating64,
    Message,
    MosaicoClient,
    QueryOntologyCatalog,
    QuerySequence,
    SessionLevelErrorPolicy,
    Vector3d,
)
from mosaicolabs.mock_server import running_server
from mosaicolabs.testkit import Transcript

from .conftest import MANAGE_KEY, secured_engine
from .transcript_norm import DIFFERENCES, apply_differences, normalize

STEPS = ("version", "write", "read", "query", "report", "delete_policy", "deletes")


def _imu(i: int) -> Message:
    return Message(timestamp_ns=100 + 10 * i, frame_id="imu", data=IMU(
        acceleration=Vector3d(x=float(i), y=0.0, z=9.8),
        angular_velocity=Vector3d(x=0.0, y=0.0, z=0.1)))


def _write(client) -> None:
    with client.sequence_create("flow", {"k": 1, "site": {"name": "lab"}}) as writer:
        first = writer.topic_create("/imu", {"rate": 100}, IMU)
        second = writer.topic_create("/speed", {}, Floating64)
        for i in range(3):
            first.push(_imu(i))
            second.push(Message(timestamp_ns=105 + 10 * i, data=Floating64(data=i / 2)))


def _read(client) -> None:
    handler = client.sequence_handler("flow")
    assert handler.topics == ["/imu", "/speed"]
    assert len(list(client.topic_handler("flow", "/imu").get_data_streamer())) == 3
    speed = client.topic_handler("flow", "/speed")
    assert len(list(speed.get_data_streamer(110, 130))) == 2
    assert len(list(handler.get_data_streamer())) == 6


def _query(client) -> None:
    found = client.query(QuerySequence().with_name("flow"),
                         QueryOntologyCatalog(IMU.Q.acceleration.x.gt(0.5),
                                              include_timestamp_range=True))
    assert [item.sequence.name for item in found] == ["flow"]


def _failing(client, name: str, policy) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        with client.sequence_create(name, {}, on_error=policy) as writer:
            writer.topic_create("/imu", {}, IMU).push(_imu(0))
            raise RuntimeError("boom")


def _report(client) -> None:
    _failing(client, "flow_err", SessionLevelErrorPolicy.Report)
    assert len(client.list_sequence_notifications("flow_err")) == 1
    assert len(client.list_topic_notifications("flow_err", "/imu")) == 1


def _deletes(client) -> None:
    client.sequence_delete("flow")
    client.sequence_delete("flow_err")


def our_flow(port: int, api_key: str | None) -> None:
    """``scenarios/transcript_flow.py``, step for step, with our client."""
    with MosaicoClient.connect("127.0.0.1", port, api_key=api_key) as client:
        actions = {"version": client.version, "write": lambda: _write(client),
                   "read": lambda: _read(client), "query": lambda: _query(client),
                   "report": lambda: _report(client),
                   "delete_policy": lambda: _failing(client, "flow_del",
                                                     SessionLevelErrorPolicy.Delete),
                   "deletes": lambda: _deletes(client)}
        for step in STEPS:
            client.list_sequences()  # section marker, as in the official script
            actions[step]()


@pytest.fixture(scope="module", params=[None, MANAGE_KEY], ids=["open", "api-key"])
def transcripts(request, official):
    """(official calls, our calls, key) on fresh servers, normalized."""
    key = request.param
    found = []
    for side in ("official", "ours"):
        engine = secured_engine() if key else None
        with running_server(engine, transcript=Transcript()) as server:
            if side == "official":
                args = ["--api-key", key] if key else []
                out = official.run("transcript_flow.py", "--port", server.port, *args)
                assert out == {"steps": list(STEPS)}
            else:
                our_flow(server.port, key)
        found.append(normalize(server.transcript))
    return found[0], found[1], key


def test_transcripts_match_apart_from_documented_differences(transcripts):
    official, ours, _ = transcripts
    official, ours, _stale = apply_differences(official, ours)
    assert len(official) == len(ours), _side_by_side(official, ours)
    for index, (theirs, mine) in enumerate(zip(official, ours, strict=True)):
        assert theirs == mine, f"call {index} differs\n{_side_by_side(official, ours)}"


def test_every_documented_difference_is_still_real(transcripts):
    official, ours, _ = transcripts
    _, _, stale = apply_differences(official, ours)
    assert stale == [], "remove these from DIFFERENCES (and the README)"


def test_headers(transcripts):
    official, ours, key = transcripts
    expected = ["mosaico-api-key-token"] if key else []
    assert {tuple(c["headers"]) for c in official + ours} == {tuple(expected)}


def test_neither_client_sends_version_at_connect(transcripts):
    for calls in transcripts[:2]:
        assert [c["method"] for c in calls[:2]] == ["ListFlights", "DoAction"]
        assert calls[1]["action"] == "version"  # the scenario's own call, after the probe


def test_difference_descriptions_are_one_line():
    assert all("\n" not in d.description for d in DIFFERENCES)


def _side_by_side(official, ours) -> str:
    def short(call) -> str:
        return f"{call['method']} {call['action'] or ''} {call['status']} " \
               f"{call['body'] or call['descriptor'] or ''} rows={call['rows']}"[:150]

    lines = []
    for i in range(max(len(official), len(ours))):
        left = short(official[i]) if i < len(official) else "-"
        right = short(ours[i]) if i < len(ours) else "-"
        lines.append(f"{i:3} {'==' if left == right else '!='} {left}\n      {right}")
    return "\n".join(lines)
