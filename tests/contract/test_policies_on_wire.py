"""Error policies as the server sees them: the calls our client sends, recorded by the mock server.

Expected sequences follow the session-era protocol (protocol.md §9.2). Deliberate
differences from the official client: ``Delete`` sends ``sequence_delete`` once (not
twice), and buffered rows are still sent when a block fails (nothing accepted is lost).
"""

from __future__ import annotations

import pytest

from mosaicolabs import MosaicoClient, SessionLevelErrorPolicy, TopicLevelErrorPolicy
from mosaicolabs.mock_server import running_server
from mosaicolabs.testkit import Transcript

from .models import Reading
from .test_writing_contract import reading


@pytest.fixture
def wire():
    with running_server(transcript=Transcript()) as server:
        with MosaicoClient.connect("127.0.0.1", server.port) as client:
            server.transcript.clear()  # forget the connection probe
            yield client, server.transcript


def _puts(transcript) -> list[tuple[str, int, str]]:
    return [(c.descriptor["resource_locator"], c.rows, c.status)
            for c in transcript.of_kind("DoPut")]


def test_clean_exit_uploads_then_finalizes(wire):
    client, transcript = wire
    with client.sequence_create("seq", {"k": 1}) as writer:
        topic = writer.topic_create("/readings", {}, Reading)
        for i in range(3):
            topic.push(reading(i))
    assert transcript.actions() == [
        "sequence_create", "session_create", "topic_create", "session_finalize",
    ]
    assert transcript.calls[0].body == {"locator": "seq", "user_metadata": {"k": 1}}
    assert _puts(transcript) == [("seq/readings", 3, "ok")]
    put = transcript.of_kind("DoPut")[0]
    assert put.schema.names[:4] == [
        "timestamp_ns", "recording_timestamp_ns", "frame_id", "sequence_id",
    ]
    assert put.schema.metadata is None  # no schema-level metadata on uploads


def test_report_notifies_topic_and_sequence_then_finalizes(wire):
    client, transcript = wire
    with pytest.raises(RuntimeError):
        with client.sequence_create("seq", {}) as writer:
            writer.topic_create("/readings", {}, Reading).push(reading(0))
            raise RuntimeError("sensor unplugged")
    assert transcript.actions() == [
        "sequence_create", "session_create", "topic_create",
        "topic_notification_create", "sequence_notification_create", "session_finalize",
    ]
    topic_note = next(c for c in transcript.calls if c.action == "topic_notification_create")
    assert topic_note.body == {"locator": "seq/readings", "notification_type": "error",
                               "msg": "sensor unplugged"}
    assert _puts(transcript) == [("seq/readings", 1, "ok")]


def test_delete_policy_deletes_exactly_once(wire):
    client, transcript = wire
    with pytest.raises(RuntimeError):
        with client.sequence_create("seq", {}, on_error=SessionLevelErrorPolicy.Delete) as w:
            w.topic_create("/readings", {}, Reading).push(reading(0))
            raise RuntimeError("abort")
    deletes = [c for c in transcript.calls if c.action and c.action.endswith("_delete")]
    assert [(c.action, c.body, c.status) for c in deletes] == [
        ("sequence_delete", {"locator": "seq"}, "ok"),
    ]
    assert client.list_sequences() == []


def test_updater_delete_policy_deletes_only_its_session(wire):
    client, transcript = wire
    with client.sequence_create("seq", {}) as writer:
        writer.topic_create("/readings", {}, Reading).push(reading(0))
    transcript.clear()
    with pytest.raises(RuntimeError):
        with client.sequence_handler("seq").update(SessionLevelErrorPolicy.Delete) as updater:
            updater.topic_create("/more", {}, Reading).push(reading(1))
            raise RuntimeError("abort update")
    session = next(c for c in transcript.calls if c.action == "session_create")
    deletes = [c for c in transcript.calls if c.action and c.action.endswith("_delete")]
    assert [c.action for c in deletes] == ["session_delete"]
    assert session.body == {"locator": "seq"}
    assert client.sequence_handler("seq").topics == ["/readings"]


def test_topic_policies_on_the_wire(wire):
    client, transcript = wire
    with client.sequence_create("seq", {}) as writer:
        with writer.topic_create("/fin", {}, Reading, TopicLevelErrorPolicy.Finalize) as fin:
            fin.push(reading(0))
            raise ValueError("fin")
        puts_after_finalize = len(transcript.of_kind("DoPut"))
        with writer.topic_create("/ign", {}, Reading, TopicLevelErrorPolicy.Ignore) as ign:
            raise ValueError("ign")
        ign.push(reading(1))
    notes = [c.body["locator"] for c in transcript.calls
             if c.action == "topic_notification_create"]
    assert notes == ["seq/fin", "seq/ign"]
    assert puts_after_finalize == 1  # Finalize completed /fin's upload right away
    assert sorted(_puts(transcript)) == [("seq/fin", 1, "ok"), ("seq/ign", 1, "ok")]
    assert transcript.actions()[-1] == "session_finalize"


def test_every_call_carries_the_api_key_header():
    from mosaicolabs.adapters.memory import MemoryEngine
    from mosaicolabs.domain.api_keys import APIKeyPermissionEnum

    engine = MemoryEngine(enforce_api_keys=True)
    token = engine.keys.issue(APIKeyPermissionEnum.Manage, "bench")
    with running_server(engine, transcript=Transcript()) as server:
        with MosaicoClient.connect("127.0.0.1", server.port, api_key=token) as client:
            with client.sequence_create("seq", {}) as writer:
                writer.topic_create("/readings", {}, Reading).push(reading(0))
            client.topic_handler("seq", "/readings").to_arrow()
    methods = {c.method for c in server.transcript.calls}
    assert methods == {"ListFlights", "DoAction", "DoPut", "GetFlightInfo", "DoGet"}
    for call in server.transcript.calls:
        assert "mosaico-api-key-token" in call.header_names, call.method
    assert token not in repr(server.transcript.calls)
