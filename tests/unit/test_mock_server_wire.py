"""Wire-level facts of the mock server, checked with a raw pyarrow FlightClient.

Failures carry mosaicod 0.3.0's status and leading text (the mock may add
``" :: <detail>"``); tests/fidelity holds the same facts as data, run on both servers.
"""

from __future__ import annotations

import json
import re
import uuid

import pyarrow as pa
import pyarrow.flight as fl
import pytest

from mosaicolabs.adapters.memory.engine import MemoryEngine
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
    if envelope == {"action": "empty"}:  # mosaicod's answer to some actions
        return "empty"
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
    semver = {"major": 0, "minor": 3, "patch": 0, "pre": ""}  # mosaicod 0.3.0's own
    assert act(client, "version") == {"version": "0.3.0", "semver": semver}
    assert act(client, "info", b"{}")["config"]["grpc_max_decode_message_size"] > 0
    with pytest.raises(fl.FlightInternalError, match="message: action error"):
        act(client, "version", b"")  # mosaicod 0.3.0 wants a JSON object, even {}
    names = {a.type for a in client.list_actions()}
    assert {"version", "topic_create", "api_key_revoke", "query"} <= names
    with pytest.raises(pa.ArrowNotImplementedError):
        client.authenticate_basic_token("u", "p")  # Handshake


def test_notifications_layout_and_datetime_format(client):
    new_topic(client)
    # mosaicod 0.3.0 answers the topic ones {"action": "empty"}, the sequence ones null.
    for locator, kind, done in (("seq_a", "sequence", None), ("seq_a/sensors/imu", "topic",
                                                              "empty")):
        loc = {"locator": locator}
        body = {**loc, "notification_type": "error", "msg": f"boom {kind}"}
        assert act(client, f"{kind}_notification_create", body) == done
        [note] = act(client, f"{kind}_notification_list", loc)["notifications"]
        assert note == {"name": locator, "notification_type": "error", "msg": f"boom {kind}",
                        "created_datetime": note["created_datetime"]}
        # minute precision, as mosaicod 0.3.0 prints it
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", note["created_datetime"])
        assert act(client, f"{kind}_notification_purge", loc) == done
        assert act(client, f"{kind}_notification_list", loc) == {"notifications": []}
    # an unknown sequence has no notifications (no error), an unknown topic is an error
    assert act(client, "sequence_notification_list", {"locator": "ghost"}) == {
        "notifications": []}
    with pytest.raises(fl.FlightInternalError, match="message: facade error"):
        act(client, "topic_notification_list", {"locator": "seq_a/ghost"})


def test_list_flights_layout(client):
    for name in ("beta", "alpha"):
        act(client, "sequence_create", {"locator": name, "user_metadata": {}})
    infos = list(client.list_flights(b"/"))
    assert [i.descriptor.path for i in infos] == [[b"alpha"], [b"beta"]]
    assert infos[0].descriptor.descriptor_type == fl.DescriptorType.PATH
    assert len(infos[0].schema) == 0 and (infos[0].total_records, infos[0].total_bytes) == (-1, -1)
    [endpoint] = infos[0].endpoints
    assert endpoint.ticket.ticket == b"alpha" and list(endpoint.locations) == []
    with pytest.raises(pa.ArrowInvalid, match="message: unsupported descriptor type"):
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
                     "completed_at_ns": None, "topics": [], "locked": False}  # until finalized
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
    with pytest.raises(fl.FlightInternalError, match="message: database error :: "):
        info_of(client, "nope")
    with pytest.raises(fl.FlightInternalError,
                       match="message: marshal error :: .*resource_locator"):
        client.get_flight_info(fl.FlightDescriptor.for_command(b'{"locator": "seq_a"}'))
    with pytest.raises(pa.ArrowInvalid, match="message: unsupported descriptor type :: .*CMD"):
        client.get_flight_info(fl.FlightDescriptor.for_path("seq_a"))
    with pytest.raises(pa.ArrowInvalid, match="message: unsupported descriptor type :: .*CMD"):
        writer, _ = client.do_put(fl.FlightDescriptor.for_path("seq_a"), SCHEMA)
        writer.close()


def test_put_then_get_round_trip(client):
    _, topic_uuid = new_topic(client)
    put(client, "seq_a/sensors/imu", topic_uuid, [batch([1004, 1001]), batch([1003, 1006, 1005])])
    info = info_of(client, "seq_a/sensors/imu")
    # mosaicod chunks by size (256 MiB by default), not by the client's batches
    assert json.loads(info.endpoints[0].app_metadata)["info"]["chunks_number"] == 1
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
    ("schema", "cmd", "error", "pattern"),
    [
        (SCHEMA, {"resource_locator": "seq_a/sensors/imu", "topic_uuid": str(uuid.uuid4())},
         pa.ArrowInvalid, "^bad key :: .*seq_a/sensors/imu"),
        (SCHEMA, {"resource_locator": "seq_a/sensors/imu", "topic_uuid": "x"},
         pa.ArrowInvalid, "^malformed uuid :: .*topic_uuid"),
        (pa.schema([("t", pa.int64())]), None, pa.ArrowInvalid,
         "^sanitization error :: .*timestamp_ns"),
        (pa.schema([("timestamp_ns", pa.int32())]), None, pa.ArrowInvalid,
         "^sanitization error :: .*int64"),
        (SCHEMA, {"resource_locator": "seq_a/sensors/imu"}, fl.FlightInternalError,
         "^marshal error :: .*topic_uuid"),
        (SCHEMA, {"resource_locator": "seq_a/other", "topic_uuid": "x"}, fl.FlightInternalError,
         "^facade error :: .*not found"),
    ],
)
def test_put_refusals(client, schema, cmd, error, pattern):
    _, topic_uuid = new_topic(client)
    # mosaicod's wording as a pyarrow client shows it: "Flight returned ... with message: "
    with pytest.raises(error, match=pattern.replace("^", "with message: ", 1)):
        put(client, "seq_a/sensors/imu", topic_uuid, schema=schema, cmd=cmd)
    endpoint = info_of(client, "seq_a/sensors/imu").endpoints[0]
    assert json.loads(endpoint.app_metadata)["locked"] is False  # aborted: still writable


def test_locking_and_finalize_rules(client):
    session_uuid, topic_uuid = new_topic(client)
    with pytest.raises(fl.FlightInternalError, match="message: facade error :: .*not completed"):
        act(client, "session_finalize", {"session_uuid": session_uuid})  # topic not uploaded
    put(client, "seq_a/sensors/imu", topic_uuid, [batch([1])])
    with pytest.raises(fl.FlightInternalError, match="message: facade error :: .*locked"):
        put(client, "seq_a/sensors/imu", topic_uuid, [batch([2])])
    with pytest.raises(fl.FlightUnauthorizedError, match="message: topic is locked"):
        act(client, "topic_delete", {"locator": "seq_a/sensors/imu"})
    assert act(client, "session_finalize", {"session_uuid": session_uuid}) is None
    assert act(client, "session_finalize", {"session_uuid": session_uuid}) is None  # again: OK
    body = {"session_uuid": session_uuid, "locator": "seq_a/more", "ontology_tag": "imu",
            "serialization_format": "default", "user_metadata": {}}
    with pytest.raises(fl.FlightInternalError, match="message: facade error :: .*locked"):
        act(client, "topic_create", body)
    empty = act(client, "session_create", {"locator": "seq_a"})
    with pytest.raises(fl.FlightInternalError, match="message: facade error :: .*empty"):
        act(client, "session_finalize", {"session_uuid": empty["uuid"]})
    with pytest.raises(fl.FlightInternalError, match="message: facade error :: .*not found"):
        act(client, "session_create", {"locator": "ghost"})


def test_duplicate_sequence_and_repeated_deletes(client):
    new_topic(client)
    # mosaicod: ALREADY_EXISTS; a pyarrow server cannot send it, so UNKNOWN, same text
    with pytest.raises(fl.FlightServerError, match="message: sequence `seq_a` already exists"):
        act(client, "sequence_create", {"locator": "seq_a", "user_metadata": {}})
    assert act(client, "sequence_delete", {"locator": "seq_a"}) is None
    assert act(client, "sequence_delete", {"locator": "seq_a"}) is None  # again: OK on mosaicod
    assert act(client, "sequence_delete", {"locator": "never/was"}) is None
    assert list(client.list_flights()) == []


@pytest.mark.parametrize(
    ("kind", "body", "error", "pattern"),
    [
        ("sequence_create", b"{not json", fl.FlightInternalError, "action error :: .*JSON"),
        ("sequence_create", b"[1, 2]", fl.FlightInternalError, "action error :: .*JSON object"),
        ("session_create", b"{}", fl.FlightInternalError, "action error :: .*'locator'"),
        ("sequence_create", b'{"locator": 5}', fl.FlightInternalError,
         "action error :: .*'locator' must be a string"),
        ("no_such_action", b"{}", fl.FlightInternalError, "action error :: .*`no_such_action`"),
        ("query", b'{"topics": {}}', fl.FlightInternalError,
         "marshal error :: .*'topics': unknown block"),
        ("query", b'{"ontology": {"imu.x": {"$like": 1}}}', fl.FlightInternalError,
         "marshal error :: .*imu.x"),
        ("session_delete", b'{"session_uuid": "not-a-uuid"}', pa.ArrowInvalid,
         "malformed uuid :: .*'session_uuid'"),
        ("sequence_notification_create", b'{"locator": "seq_a", "notification_type": "warn", '
         b'"msg": "m"}', fl.FlightInternalError, "io error :: .*'warn'"),
        ("api_key_create", b'{"permissions": "root", "description": "d"}',
         fl.FlightInternalError, "api key error :: .*'root'"),
    ],
)
def test_malformed_requests_answer_as_mosaicod(client, kind, body, error, pattern):
    new_topic(client)
    with pytest.raises(error, match=f"with message: {pattern}"):
        raw_action(client, kind, body)


def test_get_with_listing_ticket_says_read_per_topic(client):
    new_topic(client)
    [listing] = list(client.list_flights())
    with pytest.raises(fl.FlightInternalError, match="message: marshal error :: .*sequence.*topic"):
        client.do_get(listing.endpoints[0].ticket).read_all()
    with pytest.raises(fl.FlightInternalError,
                       match="message: marshal error :: .*malformed ticket"):
        client.do_get(fl.Ticket(b"\x00garbage")).read_all()
