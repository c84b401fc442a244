"""Wire transcripts of the mock server, checked with a raw pyarrow FlightClient."""

from __future__ import annotations

import json
import threading

import pyarrow as pa
import pyarrow.flight as fl
import pytest

from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.mock_server import running_server
from mosaicolabs.testkit import RecordedCall, Transcript
from mosaicolabs.testkit.transcript import recorded_header_names

TOKEN = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"
SCHEMA = pa.schema([("timestamp_ns", pa.int64()), ("value", pa.float64())])


class _KeyHeader(fl.ClientMiddleware):
    def sending_headers(self):
        return {"mosaico-api-key-token": TOKEN}


class _KeyFactory(fl.ClientMiddlewareFactory):
    def start_call(self, info):
        return _KeyHeader()


@pytest.fixture()
def server():
    with running_server(MemoryEngine(), transcript=Transcript()) as srv:
        yield srv


@pytest.fixture()
def client(server):
    with fl.FlightClient(server.uri) as raw_client:
        yield raw_client


def act(client, kind, body):
    payload = json.dumps(body).encode()
    [result] = client.do_action(fl.Action(kind, payload))
    return json.loads(result.body.to_pybytes())["response"]


def new_topic(client, seq="seq_a", topic="imu"):
    act(client, "sequence_create", {"locator": seq, "user_metadata": {}})
    session = act(client, "session_create", {"locator": seq})["uuid"]
    body = {"session_uuid": session, "locator": f"{seq}/{topic}", "ontology_tag": "imu",
            "serialization_format": "default", "user_metadata": {}}
    return act(client, "topic_create", body)["uuid"]


def put_rows(client, command, batches):
    descriptor = fl.FlightDescriptor.for_command(json.dumps(command).encode())
    writer, _ = client.do_put(descriptor, SCHEMA)
    for ts in batches:
        writer.write_batch(pa.record_batch([pa.array(ts, pa.int64()),
                                            pa.array([float(t) for t in ts])], schema=SCHEMA))
    writer.close()


def test_version_is_recorded_as_do_action_with_empty_body(server, client):
    act(client, "version", {})
    [call] = server.transcript.calls
    assert isinstance(call, RecordedCall)
    assert (call.method, call.action, call.body, call.status) == ("DoAction", "version", {}, "ok")
    assert call.descriptor is None and call.schema is None and (call.batches, call.rows) == (0, 0)
    assert server.transcript.actions() == ["version"] and len(server.transcript) == 1


def test_sequence_create_body_is_recorded_exactly(server, client):
    body = {"locator": "drive_1", "user_metadata": {"driver": {"name": "x"}, "n": [1, 2]}}
    act(client, "sequence_create", body)
    [call] = server.transcript.of_kind("DoAction")
    assert call.body == body and call.action == "sequence_create"


def test_do_put_records_descriptor_schema_batches_and_rows(server, client):
    topic_uuid = new_topic(client)
    command = {"resource_locator": "seq_a/imu", "topic_uuid": topic_uuid}
    put_rows(client, command, [[1, 2, 3], [4, 5]])
    assert server.transcript.actions() == ["sequence_create", "session_create", "topic_create"]
    [call] = server.transcript.of_kind("DoPut")
    assert call.descriptor == command and call.status == "ok"
    assert call.schema.equals(SCHEMA) and (call.batches, call.rows) == (2, 5)


def test_failing_do_put_is_recorded_with_its_status(server, client):
    command = {"resource_locator": "nowhere/imu", "topic_uuid": "0" * 32}
    with pytest.raises(pa.ArrowException):
        put_rows(client, command, [[1]])
    [call] = server.transcript.of_kind("DoPut")
    assert call.status == "not found" and call.descriptor == command
    assert call.schema.equals(SCHEMA)


def test_failing_call_has_its_error_phrase(server, client):
    # The phrase names the kind of failure; the wire carries mosaicod's status and text.
    with pytest.raises(fl.FlightInternalError, match="with message: facade error :: .*not found"):
        act(client, "session_create", {"locator": "missing"})
    with pytest.raises(fl.FlightInternalError, match="with message: action error"):
        list(client.do_action(fl.Action("no_such_action", b"not json")))
    missing, unknown = server.transcript.calls
    assert (missing.action, missing.status) == ("session_create", "not found")
    assert missing.body == {"locator": "missing"}
    assert (unknown.action, unknown.body, unknown.status) == (
        "no_such_action", None, "invalid argument")


def test_header_names_are_kept_but_never_the_token(server):
    with fl.FlightClient(server.uri, middleware=[_KeyFactory()]) as keyed:
        act(keyed, "version", {})
        list(keyed.list_flights())
    for call in server.transcript:
        assert "mosaico-api-key-token" in call.header_names
        assert all(n == n.lower() and not n.startswith((":", "grpc-"))
                   for n in call.header_names)
        assert list(call.header_names) == sorted(call.header_names)
        assert "user-agent" not in call.header_names
    assert TOKEN not in repr(server.transcript.calls) and TOKEN not in repr(server.transcript)


def test_header_names_without_a_key(server, client):
    act(client, "version", {})
    assert "mosaico-api-key-token" not in server.transcript[0].header_names


def test_recording_off_means_no_transcript():
    with running_server() as srv, fl.FlightClient(srv.uri) as raw_client:
        act(raw_client, "version", {})
        assert srv.transcript is None


def test_list_flights_get_flight_info_and_do_get_are_recorded(server, client):
    topic_uuid = new_topic(client)
    put_rows(client, {"resource_locator": "seq_a/imu", "topic_uuid": topic_uuid}, [[1, 2]])
    server.transcript.clear()
    assert len(server.transcript) == 0
    list(client.list_flights())
    command = {"resource_locator": "seq_a/imu"}
    info = client.get_flight_info(fl.FlightDescriptor.for_command(json.dumps(command).encode()))
    client.do_get(info.endpoints[0].ticket).read_all()
    with pytest.raises(pa.ArrowInvalid, match="must be of type CMD"):
        client.get_flight_info(fl.FlightDescriptor.for_path("nope"))
    methods = [c.method for c in server.transcript.calls]
    assert methods == ["ListFlights", "GetFlightInfo", "DoGet", "GetFlightInfo"]
    listing, described, read, by_path = server.transcript.calls
    assert listing.status == "ok" and listing.descriptor is None
    assert described.descriptor == command and described.status == "ok"
    assert read.descriptor["locator"] == "seq_a/imu" and read.status == "ok"
    assert by_path.descriptor == ["nope"] and by_path.status == "invalid argument"
    assert server.transcript.of_kind("GetFlightInfo") == [described, by_path]
    assert server.transcript.actions() == []


def test_calls_is_a_copy(server, client):
    act(client, "version", {})
    snapshot = server.transcript.calls
    snapshot.clear()
    assert len(server.transcript) == 1


def test_transcript_is_thread_safe():
    transcript = Transcript()
    call = RecordedCall("DoAction", "version", {}, None, None, ())

    def fill():
        for _ in range(500):
            transcript.append(call)

    threads = [threading.Thread(target=fill) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(transcript) == 4000 and transcript.actions() == ["version"] * 4000


def test_header_name_filter():
    raw = ["Mosaico-Api-Key-Token", ":path", "grpc-accept-encoding", "te", "content-type",
           "user-agent", b"x-trace", "x-trace"]
    assert recorded_header_names(raw) == ("mosaico-api-key-token", "x-trace")


class _Outcomes:
    """The smallest recorder the server's hook accepts: method and outcome of each call."""

    def __init__(self):
        self.seen = []

    def start(self, method, header_names, *, reader=None, **parts):
        outcomes = self

        class _Call:
            def __init__(self):
                self.reader = reader

            def finish(self, status):
                outcomes.seen.append((method, status))

        return _Call()


def test_any_recorder_plugs_into_the_server():
    recorder = _Outcomes()
    with running_server(transcript=recorder) as srv, fl.FlightClient(srv.uri) as raw_client:
        act(raw_client, "version", {})
        with pytest.raises(fl.FlightInternalError):
            act(raw_client, "session_create", {"locator": "missing"})
        topic_uuid = new_topic(raw_client)
        put_rows(raw_client, {"resource_locator": "seq_a/imu", "topic_uuid": topic_uuid}, [[1]])
    assert recorder.seen[:2] == [("DoAction", "ok"), ("DoAction", "not found")]
    assert recorder.seen[-1] == ("DoPut", "ok")
    assert srv.engine.describe_topic("seq_a/imu").locked  # rows read through the hook's reader
