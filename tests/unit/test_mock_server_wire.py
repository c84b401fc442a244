"""Wire-level facts of the mock server, checked with a raw pyarrow FlightClient."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import uuid

import pyarrow as pa
import pyarrow.flight as fl
import pytest

from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum as Perm
from mosaicolabs.mock_server import running_server

SCHEMA = pa.schema([("timestamp_ns", pa.int64()), ("value", pa.float64())])
TOPIC_KEYS = {b"mosaico:context", b"mosaico:properties", b"mosaico:user_metadata"}


@pytest.fixture()
def client():
    with running_server(MemoryEngine()) as srv, fl.FlightClient(srv.uri) as raw_client:
        yield raw_client


def raw_action(client, kind, body, options=None):
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()
    return [r.body.to_pybytes() for r in client.do_action(fl.Action(kind, payload), options)]


def act(client, kind, body=None, options=None):
    [result] = raw_action(client, kind, {} if body is None else body, options)  # exactly one
    envelope = json.loads(result)
    assert set(envelope) == {"action", "response"} and envelope["action"] == kind
    return envelope["response"]


def new_topic(client, seq="seq_a", topic="sensors/imu", meta=None):
    """Create (sequence,) session and topic; both create answers must be exactly {"uuid"}."""
    if seq not in [i.descriptor.path[0].decode() for i in client.list_flights()]:
        assert act(client, "sequence_create", {"locator": seq, "user_metadata": meta or {}}) is None
    session = act(client, "session_create", {"locator": seq})
    body = {"session_uuid": session["uuid"], "locator": f"{seq}/{topic}", "ontology_tag": "imu",
            "serialization_format": "default", "user_metadata": {"port": 3}}
    topic = act(client, "topic_create", body)
    assert list(session) == list(topic) == ["uuid"] and session["uuid"] != topic["uuid"]
    return str(uuid.UUID(session["uuid"])), str(uuid.UUID(topic["uuid"]))


def put(client, locator, topic_uuid, batches=(), schema=SCHEMA, cmd=None):
    command = cmd or {"resource_locator": locator, "topic_uuid": topic_uuid}
    descriptor = fl.FlightDescriptor.for_command(json.dumps(command).encode())
    writer, _ = client.do_put(descriptor, schema)
    for batch in batches:
        writer.write_batch(batch)
    writer.close()


def batch(ts):
    columns = [pa.array(ts, pa.int64()), pa.array([t / 10 for t in ts])]
    return pa.record_batch(columns, schema=SCHEMA)


def info_of(client, locator, **bounds):
    cmd = json.dumps({"resource_locator": locator, **bounds}).encode()
    return client.get_flight_info(fl.FlightDescriptor.for_command(cmd))


def read(client, endpoint):
    reader = client.do_get(endpoint.ticket)
    return reader.schema, [c.data for c in reader]


def test_version_info_and_list_actions(client):
    semver = {"major": 0, "minor": 3, "patch": 2, "pre": ""}
    assert act(client, "version") == {"version": "0.3.2", "semver": semver}
    assert act(client, "info", b"")["config"]["grpc_max_decode_message_size"] > 0
    names = {a.type for a in client.list_actions()}
    assert {"version", "topic_create", "api_key_revoke", "query"} <= names
    with pytest.raises(pa.ArrowNotImplementedError):
        client.authenticate_basic_token("u", "p")  # Handshake


def test_notifications_layout_and_datetime_format(client):
    new_topic(client)
    for locator, kind in (("seq_a", "sequence"), ("seq_a/sensors/imu", "topic")):
        loc = {"locator": locator}
        body = {**loc, "notification_type": "error", "msg": f"boom {kind}"}
        assert act(client, f"{kind}_notification_create", body) is None
        [note] = act(client, f"{kind}_notification_list", loc)["notifications"]
        assert note == {"name": locator, "notification_type": "error", "msg": f"boom {kind}",
                        "created_datetime": note["created_datetime"]}
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} UTC", note["created_datetime"])
        assert act(client, f"{kind}_notification_purge", loc) is None
        assert act(client, f"{kind}_notification_list", loc) == {"notifications": []}


def test_list_flights_layout(client):
    for name in ("beta", "alpha"):
        act(client, "sequence_create", {"locator": name, "user_metadata": {}})
    infos = list(client.list_flights(b"/"))
    assert [i.descriptor.path for i in infos] == [[b"alpha"], [b"beta"]]
    assert infos[0].descriptor.descriptor_type == fl.DescriptorType.PATH
    assert len(infos[0].schema) == 0 and (infos[0].total_records, infos[0].total_bytes) == (-1, -1)
    [endpoint] = infos[0].endpoints
    assert endpoint.ticket.ticket == b"alpha" and list(endpoint.locations) == []
    with pytest.raises(pa.ArrowInvalid, match="invalid argument: "):
        list(client.list_flights(b"everything"))


def test_sequence_flight_info(client):
    session_uuid, topic_uuid = new_topic(client, meta={"driver": {"name": "x"}})
    new_topic(client, topic="empty")
    put(client, "seq_a/sensors/imu", topic_uuid, [batch([5, 3])])
    info = info_of(client, "/seq_a", timestamp_ns_start=4)
    assert len(info.schema) == 0 and info.schema.metadata == {
        b"mosaico:context": b"sequence", b"mosaico:user_metadata": b'{"driver":{"name":"x"}}'}
    assert json.loads(info.descriptor.command)["resource_locator"] == "/seq_a"
    meta = json.loads(info.app_metadata)
    assert meta["resource_locator"] == "seq_a" and isinstance(meta["created_at_ns"], int)
    first = meta["sessions"][0]
    assert first == {"uuid": session_uuid, "created_at_ns": first["created_at_ns"],
                     "completed_at_ns": None, "topics": ["seq_a/sensors/imu"], "locked": False}
    by_loc = {e.locations[0].uri: e for e in info.endpoints}
    assert set(by_loc) == {b"mosaico:/seq_a/sensors/imu", b"mosaico:/seq_a/empty"}
    full = json.loads(by_loc[b"mosaico:/seq_a/sensors/imu"].app_metadata)
    assert full["locked"] is True and full["resource_locator"] == "seq_a/sensors/imu"
    assert full["info"]["chunks_number"] == 1 and full["info"]["total_bytes"] > 0
    assert full["info"]["timestamp"] == {"start_ns": 3, "end_ns": 5}
    empty = json.loads(by_loc[b"mosaico:/seq_a/empty"].app_metadata)
    assert empty["info"] == {"chunks_number": 0, "total_bytes": 0, "timestamp": None}
    _, chunks = read(client, by_loc[b"mosaico:/seq_a/sensors/imu"])  # bound baked in ticket
    assert [c.column(0).to_pylist() for c in chunks] == [[5]]


def test_topic_flight_info(client):
    _, topic_uuid = new_topic(client)
    put(client, "seq_a/sensors/imu", topic_uuid, [batch([1])])
    info = info_of(client, "seq_a/sensors/imu")
    assert info.schema.names == ["timestamp_ns", "value"]
    metadata = info.schema.metadata
    assert set(metadata) == TOPIC_KEYS and metadata[b"mosaico:context"] == b"topic"
    properties = {"serialization_format": "default", "ontology_tag": "imu"}
    assert json.loads(metadata[b"mosaico:properties"]) == properties
    assert json.loads(metadata[b"mosaico:user_metadata"]) == {"port": 3}
    assert info.app_metadata == b"" and len(info.endpoints) == 1
    assert [loc.uri for loc in info.endpoints[0].locations] == [b"mosaico:/seq_a/sensors/imu"]
    assert "info" in json.loads(info.endpoints[0].app_metadata)
    with pytest.raises(pa.ArrowKeyError, match="not found: "):
        info_of(client, "nope")
    with pytest.raises(pa.ArrowInvalid, match="invalid argument: .*CMD"):
        client.get_flight_info(fl.FlightDescriptor.for_path("seq_a"))
    with pytest.raises(pa.ArrowInvalid, match="invalid argument: .*CMD"):
        writer, _ = client.do_put(fl.FlightDescriptor.for_path("seq_a"), SCHEMA)
        writer.close()


def test_put_then_get_round_trip(client):
    _, topic_uuid = new_topic(client)
    put(client, "seq_a/sensors/imu", topic_uuid, [batch([1004, 1001]), batch([1003, 1006, 1005])])
    info = info_of(client, "seq_a/sensors/imu")
    assert json.loads(info.endpoints[0].app_metadata)["info"]["chunks_number"] == 2
    schema, chunks = read(client, info.endpoints[0])
    assert set(schema.metadata) == TOPIC_KEYS and all(c.num_rows > 0 for c in chunks)
    assert pa.Table.from_batches(chunks).column(0).to_pylist() == [1001, 1003, 1004, 1005, 1006]
    bounded = info_of(client, "seq_a/sensors/imu", timestamp_ns_start=1003, timestamp_ns_end=1006)
    chunks = read(client, bounded.endpoints[0])[1]
    assert pa.Table.from_batches(chunks).column(0).to_pylist() == [1003, 1004, 1005]
    after_end = info_of(client, "seq_a/sensors/imu", timestamp_ns_start=9999)
    assert read(client, after_end.endpoints[0])[1] == []


def test_schema_only_put_locks_and_reads_empty(client):
    session_uuid, topic_uuid = new_topic(client)
    put(client, "seq_a/sensors/imu", topic_uuid)
    endpoint = info_of(client, "seq_a/sensors/imu").endpoints[0]
    assert json.loads(endpoint.app_metadata)["info"] == {
        "chunks_number": 0, "total_bytes": 0, "timestamp": None}
    assert json.loads(endpoint.app_metadata)["locked"] is True
    schema, chunks = read(client, endpoint)
    assert chunks == [] and schema.names == ["timestamp_ns", "value"]
    assert act(client, "session_finalize", {"session_uuid": session_uuid}) is None


@pytest.mark.parametrize(
    ("schema", "cmd", "pattern"),
    [
        (SCHEMA, {"resource_locator": "seq_a/sensors/imu", "topic_uuid": str(uuid.uuid4())},
         "invalid argument: .*seq_a/sensors/imu"),
        (pa.schema([("t", pa.int64())]), None, "invalid argument: .*timestamp_ns"),
        (pa.schema([("timestamp_ns", pa.int32())]), None, "invalid argument: .*int64"),
        (SCHEMA, {"resource_locator": "seq_a/sensors/imu"}, "invalid argument: .*topic_uuid"),
        (SCHEMA, {"resource_locator": "seq_a/other", "topic_uuid": "x"}, "not found: "),
    ],
)
def test_put_refusals(client, schema, cmd, pattern):
    _, topic_uuid = new_topic(client)
    with pytest.raises((pa.ArrowInvalid, pa.ArrowKeyError), match=pattern):
        put(client, "seq_a/sensors/imu", topic_uuid, schema=schema, cmd=cmd)
    endpoint = info_of(client, "seq_a/sensors/imu").endpoints[0]
    assert json.loads(endpoint.app_metadata)["locked"] is False  # aborted: still writable


def test_locking_and_finalize_rules(client):
    session_uuid, topic_uuid = new_topic(client)
    with pytest.raises(pa.ArrowInvalid, match="failed precondition: "):
        act(client, "session_finalize", {"session_uuid": session_uuid})  # topic not uploaded
    put(client, "seq_a/sensors/imu", topic_uuid, [batch([1])])
    with pytest.raises(pa.ArrowInvalid, match="failed precondition: .*locked"):
        put(client, "seq_a/sensors/imu", topic_uuid, [batch([2])])
    with pytest.raises(pa.ArrowInvalid, match="failed precondition: .*locked"):
        act(client, "topic_delete", {"locator": "seq_a/sensors/imu"})
    act(client, "session_finalize", {"session_uuid": session_uuid})
    body = {"session_uuid": session_uuid, "locator": "seq_a/more", "ontology_tag": "imu",
            "serialization_format": "default", "user_metadata": {}}
    with pytest.raises(pa.ArrowInvalid, match="failed precondition: .*locked"):
        act(client, "topic_create", body)
    empty = act(client, "session_create", {"locator": "seq_a"})
    with pytest.raises(pa.ArrowInvalid, match="failed precondition: .*empty"):
        act(client, "session_finalize", {"session_uuid": empty["uuid"]})


def test_error_phrases_and_deletes(client):
    new_topic(client)
    with pytest.raises(pa.ArrowInvalid, match="already exists: "):
        act(client, "sequence_create", {"locator": "seq_a", "user_metadata": {}})
    assert act(client, "sequence_delete", {"locator": "seq_a"}) is None
    with pytest.raises(pa.ArrowKeyError, match="not found: "):
        act(client, "sequence_delete", {"locator": "seq_a"})
    assert list(client.list_flights()) == []


@pytest.mark.parametrize(
    ("kind", "body", "pattern"),
    [
        ("sequence_create", b"{not json", "sequence_create"),
        ("sequence_create", b"[1, 2]", "JSON object"),
        ("session_create", b"{}", "session_create.*'locator'"),
        ("sequence_create", b'{"locator": 5}', "'locator' must be a string"),
        ("no_such_action", b"{}", "no_such_action"),
        ("query", b'{"topics": {}}', "'topics': unknown block"),
        ("session_delete", b'{"session_uuid": "not-a-uuid"}', "'session_uuid'.*uuid"),
        ("topic_notification_create", b'{"locator": "a/b", "notification_type": "warn", '
         b'"msg": "m"}', "'warn'"),
    ],
)
def test_malformed_requests_are_invalid_argument(client, kind, body, pattern):
    with pytest.raises(pa.ArrowInvalid, match=f"invalid argument: .*{pattern}"):
        raw_action(client, kind, body)


def test_get_with_listing_ticket_says_read_per_topic(client):
    new_topic(client)
    [listing] = list(client.list_flights())
    with pytest.raises(pa.ArrowInvalid, match="invalid argument: .*sequence.*topic"):
        client.do_get(listing.endpoints[0].ticket).read_all()
    with pytest.raises(pa.ArrowInvalid, match="malformed ticket"):
        client.do_get(fl.Ticket(b"\x00garbage")).read_all()


def test_api_key_enforcement():
    engine = MemoryEngine(enforce_api_keys=True)
    manage = engine.keys.issue(Perm.Manage, "root")
    with running_server(engine) as srv, fl.FlightClient(srv.uri) as client:
        def opts(token):
            return fl.FlightCallOptions(headers=[(b"mosaico-api-key-token", token.encode())])

        with pytest.raises(fl.FlightUnauthenticatedError, match="unauthenticated: "):
            list(client.list_flights())
        body = {"permissions": "read", "description": "ro"}
        read_key = act(client, "api_key_create", body, opts(manage))["api_key_token"]
        assert re.fullmatch(r"msco_[a-z0-9]{32}_[0-9a-f]{8}", read_key)
        assert list(client.list_flights(options=opts(read_key))) == []
        with pytest.raises(fl.FlightUnauthorizedError, match="permission denied: "):
            act(client, "sequence_create", {"locator": "s", "user_metadata": {}}, opts(read_key))
        fingerprint = {"api_key_fingerprint": read_key[-8:]}
        status = act(client, "api_key_status", fingerprint, opts(manage))
        assert status == {"api_key_fingerprint": read_key[-8:], "description": "ro",
                          "created_at_ns": status["created_at_ns"], "expires_at_ns": None}
        assert act(client, "api_key_revoke", fingerprint, opts(manage)) is None
        with pytest.raises(fl.FlightUnauthorizedError, match="permission denied: "):
            list(client.list_flights(options=opts(read_key)))


def test_cli_prints_key_and_stops_on_sigterm():
    cmd = [sys.executable, "-m", "mosaicolabs.mock_server", "--port", "0", "--api-keys"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    try:
        key_line, listen_line = proc.stdout.readline(), proc.stdout.readline()
        assert re.fullmatch(r"manage api key: msco_[a-z0-9]{32}_[0-9a-f]{8}\n", key_line)
        assert re.fullmatch(r"listening on grpc://127\.0\.0\.1:\d+\n", listen_line)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
