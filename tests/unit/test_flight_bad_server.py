"""A hostile Flight server (garbage answers must be ProtocolError), errors.py, datetime parser."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.flight as flight
import pytest

from mosaicolabs.adapters import flight as mf
from mosaicolabs.adapters.auth import AnonymousCredentials
from mosaicolabs.adapters.compression import NoCompression
from mosaicolabs.adapters.flight.errors import clean_server_message, translate, translating
from mosaicolabs.adapters.flight.notifications import parse_server_datetime
from mosaicolabs.adapters.tls import PlainChannel
from mosaicolabs.domain import errors as E
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.domain.notifications import NotificationType
from mosaicolabs.domain.policies import SerializationFormat

UUID = "6f1c1e2e-0000-4000-8000-000000000000"
UTC = timezone.utc
FD = flight.FlightDescriptor
BASE = datetime(2026, 1, 15, 10, 20, 30, tzinfo=UTC)
TRACEBACK = (
    ". Detail: Python exception: Traceback (most recent call last):\n  File "
    '"pyarrow/_flight.pyx", line 2343, in _do_action\nValueError: already exists: x\n'
)


class HostileServer(flight.FlightServerBase):  # answers whatever the test planted
    def __init__(self) -> None:
        super().__init__("grpc://127.0.0.1:0")
        self.bodies: dict[str, list[bytes]] = {}
        self.flights: list[flight.FlightInfo] = []
        self.info: flight.FlightInfo | None = None

    def do_action(self, context, action):
        if action.type == "raise_key":  # a Python server failing with a KeyError
            raise KeyError(json.loads(action.body.to_pybytes())["msg"])
        return [flight.Result(body) for body in self.bodies.get(action.type, [])]

    def list_flights(self, context, criteria):
        return iter(self.flights)

    def get_flight_info(self, context, descriptor):
        return self.info


@pytest.fixture
def server():
    srv = HostileServer()
    yield srv
    srv.shutdown()


@pytest.fixture
def conn(server):
    connection = mf.FlightConnection(
        "127.0.0.1",
        server.port,
        security=PlainChannel(),
        credentials=AnonymousCredentials(),
        compression=NoCompression(),
    )
    yield connection
    connection.close()


def env(action, response=None) -> bytes:
    return json.dumps({"action": action, "response": response}).encode()


def note(**over) -> dict:
    return {
        "name": "seq/imu",
        "notification_type": "error",
        "msg": "bad batch",
        "created_datetime": "2026-01-15 10:20:30.123456789 UTC",
        **over,
    }


def bad(*entries, **over) -> list[bytes]:  # a topic notification list
    return [env("topic_notification_list", {"notifications": list(entries) or [note(**over)]})]


CALLS = {
    "version": lambda c: mf.FlightServerInfo(c).version(),
    "info": lambda c: mf.FlightServerInfo(c).info(),
    "session_create": lambda c: mf.FlightCatalog(c).create_session("seq"),
    "topic_create": lambda c: mf.FlightCatalog(c).create_topic(UUID, "s", "t", "i", "default", {}),
    "sequence_notification_list": lambda c: mf.FlightNotifications(c).list("seq"),
    "topic_notification_list": lambda c: mf.FlightNotifications(c).list("seq", "/imu"),
    "api_key_create": lambda c: mf.FlightAPIKeys(c).create(APIKeyPermissionEnum.Read, "d", None),
    "api_key_status": lambda c: mf.FlightAPIKeys(c).status("f9010b9e"),
}
SEQ_NOTES, TOPIC_NOTES = "sequence_notification_list", "topic_notification_list"
BAD_EXPIRY = {"api_key_fingerprint": "f9010b9e", "created_at_ns": 1, "expires_at_ns": "soon"}
GARBAGE_ACTIONS = [
    ("version", [b"not json"]),
    ("version", [b"\xff\xfe{}"]),
    ("version", [b"[1, 2]"]),
    ("version", [b'"0.3.2"']),
    ("version", [b'{"action": "version"', b', "x": 1}{}']),
    ("version", [env("info", {"version": "0.3.2"})]),
    ("version", [env("version", [1, 2])]),
    ("version", [env("version", {"semver": {"major": 0, "minor": 3, "patch": 2}})]),
    ("version", [env("version", {"version": 3})]),
    ("info", [env("info", None)]),
    ("session_create", []),
    ("session_create", [env("session_create", {})]),
    ("session_create", [env("session_create", None)]),
    ("session_create", [b'{"action":"empty"}']),
    ("session_create", [env("session_create", {"uuid": 5})]),
    ("session_create", [env("topic_create", {"uuid": UUID})]),
    ("topic_create", [env("topic_create", {"locator": "seq/imu"})]),
    (SEQ_NOTES, [env(SEQ_NOTES, None)]),
    (SEQ_NOTES, [env(SEQ_NOTES, {"notifications": "x"})]),
    (TOPIC_NOTES, bad(1)),
    (TOPIC_NOTES, bad(note(name=5))),
    (TOPIC_NOTES, bad(notification_type="warning")),
    (TOPIC_NOTES, bad(notification_type=[1])),
    (TOPIC_NOTES, bad(created_datetime="yesterday")),
    (TOPIC_NOTES, bad(created_datetime=None)),
    (TOPIC_NOTES, bad(created_datetime=1736936430)),
    (TOPIC_NOTES, bad(msg="x", name=None)),
    (TOPIC_NOTES, bad(note(), note(created_datetime="15/01/2026 10:20"))),
    ("api_key_create", [env("api_key_create", {"token": "msco_x_y"})]),
    ("api_key_status", [env("api_key_status", {"api_key_fingerprint": "f9010b9e"})]),
    ("api_key_status", [env("api_key_status", {"created_at_ns": 1})]),
    pytest.param(TOPIC_NOTES, bad(created_datetime="2026-13-45 10:20:30 UTC")),
    pytest.param("api_key_status", [env("api_key_status", BAD_EXPIRY)]),
]


@pytest.mark.parametrize("action, bodies", GARBAGE_ACTIONS, ids=lambda v: repr(v)[:50])
def test_garbage_action_answers_are_protocol_errors(server, conn, action, bodies):
    server.bodies[action] = bodies
    with pytest.raises(E.ProtocolError, match=r"\w"):
        CALLS[action](conn)


def test_well_formed_answers_decode(server, conn):  # positive control
    server.bodies["version"] = [env("version", {"version": "0.3.2", "semver": {"minor": 3}})]
    version = mf.FlightServerInfo(conn).version()
    assert (version.version, version.major, version.minor) == ("0.3.2", None, 3)
    server.bodies[TOPIC_NOTES] = bad()
    [got] = mf.FlightNotifications(conn).list("seq", "/imu")
    assert (got.sequence_name, got.topic_name, got.type) == ("seq", "/imu", NotificationType.ERROR)
    assert got.created_datetime == datetime(2026, 1, 15, 10, 20, 30, 123456, tzinfo=UTC)
    server.bodies["session_create"] = [env("session_create", {"uuid": UUID})]
    assert mf.FlightCatalog(conn).create_session("seq") == UUID


def test_version_as_bare_string_is_accepted(server, conn):
    server.bodies["version"] = [env("version", "0.3.2")]  # protocol.md §3.2: accept it
    assert mf.FlightServerInfo(conn).version().version == "0.3.2"


def listing(*descriptors) -> list[flight.FlightInfo]:
    return [flight.FlightInfo(pa.schema([]), d, [], -1, -1) for d in descriptors]


def test_bad_listing_is_protocol_error(server, conn):
    for bad in FD.for_path("s", "t"), FD.for_command(b"{}"):
        server.flights = listing(FD.for_path("ok"), bad)
        with pytest.raises(E.ProtocolError, match="descriptor path"):
            mf.FlightCatalog(conn).list_sequences()
    server.flights = listing(*(FD.for_path(n) for n in ("a", "b_2")))
    assert mf.FlightCatalog(conn).list_sequences() == ["a", "b_2"]


def endpoint(locator="seq/imu", app: object = None) -> flight.FlightEndpoint:
    meta = app if isinstance(app, bytes) else json.dumps(app or {"info": {}}).encode()
    return flight.FlightEndpoint(b"t", [flight.Location(f"mosaico:/{locator}")], app_metadata=meta)


def seq_info(app: object = None, user_metadata="{}", endpoints=()) -> flight.FlightInfo:
    schema = pa.schema([]).with_metadata(
        {"mosaico:context": "sequence", "mosaico:user_metadata": user_metadata}
    )
    meta = app if isinstance(app, bytes) else json.dumps(app or {}).encode()
    return flight.FlightInfo(schema, FD.for_command(b"{}"), [*endpoints], -1, -1, app_metadata=meta)


def topic_info(props: object = None, user_metadata="{}", endpoints=None) -> flight.FlightInfo:
    props = props or {"serialization_format": "ragged", "ontology_tag": "imu"}
    schema = pa.schema([pa.field("timestamp_ns", pa.int64())]).with_metadata(
        {
            "mosaico:context": "topic",
            "mosaico:user_metadata": user_metadata,
            "mosaico:properties": props if isinstance(props, str) else json.dumps(props),
        }
    )
    eps = [endpoint()] if endpoints is None else endpoints
    return flight.FlightInfo(schema, FD.for_command(b"{}"), eps, -1, -1)


GARBAGE_INFOS = {
    "seq-app-not-json": seq_info(app=b"{not json"),
    "seq-app-array": seq_info(app=b"[1]"),
    "seq-meta-array": seq_info(user_metadata="[1]"),
    "seq-meta-str": seq_info(user_metadata='"t"'),
    "sess-str": seq_info(app={"sessions": "s"}),
    "ctime-str": seq_info(app={"created_at_ns": "x"}),
    "seq-session-no-uuid": seq_info(app={"sessions": [{"topics": []}]}),
    "seq-session-topics-str": seq_info(app={"sessions": [{"uuid": UUID, "topics": "seq/imu"}]}),
    "seq-endpoint-not-json": seq_info(endpoints=[endpoint(app=b"\x00garbage")]),
    "seq-endpoint-info-list": seq_info(endpoints=[endpoint(app={"info": [1]})]),
    "seq-endpoint-timestamp": seq_info(endpoints=[endpoint(app={"info": {"timestamp": 5}})]),
    "seq-endpoint-bytes-str": seq_info(endpoints=[endpoint(app={"info": {"total_bytes": "9"}})]),
    "topic-unknown-format": topic_info(props={"serialization_format": "protobuf"}),
    "topic-props-not-object": topic_info(props="[1]"),
    "topic-meta-list": topic_info(user_metadata="[]"),
    "topic-no-ep": topic_info(endpoints=[]),
    "topic-other-endpoint": topic_info(endpoints=[endpoint("seq/other")]),
    "topic-completed-bool": topic_info(endpoints=[endpoint(app={"completed_at_ns": True})]),
}
GARBAGE_INFOS = [pytest.param(v, id=k) for k, v in GARBAGE_INFOS.items()] + [
    pytest.param(seq_info(app={"resource_locator": 42}), id="seq-name-not-str")
]


@pytest.mark.parametrize("info", GARBAGE_INFOS)
def test_garbage_flight_info_is_protocol_error(server, conn, info):
    server.info = info
    topic = info.schema.metadata[b"mosaico:context"] == b"topic"
    with pytest.raises(E.ProtocolError):
        mf.FlightCatalog(conn).describe_topic("seq", "/imu") if topic else mf.FlightCatalog(
            conn
        ).describe_sequence("seq")


def test_good_flight_info_decodes(server, conn):  # positive control
    session = {"uuid": UUID, "created_at_ns": 7, "topics": ["seq/imu"]}
    ts = {"start_ns": 10, "end_ns": 30}
    app = {"info": {"chunks_number": 2, "total_bytes": 64, "timestamp": ts}, "completed_at_ns": 1}
    server.info = seq_info(
        app={"sessions": [session], "created_at_ns": 5},
        user_metadata='{"a": {"b": 1}}',
        endpoints=[endpoint(app=app)],
    )
    seq = mf.FlightCatalog(conn).describe_sequence("seq")
    assert (seq.name, seq.user_metadata, seq.created_at_ns) == ("seq", {"a": {"b": 1}}, 5)
    assert [(s.uuid, s.topics) for s in seq.sessions] == [(UUID, ("/imu",))]
    [topic] = seq.topics
    assert (topic.name, topic.locked, topic.total_bytes) == ("/imu", True, 64)
    server.info = topic_info(user_metadata='{"k": [1]}')
    topic = mf.FlightCatalog(conn).describe_topic("seq", "imu")
    assert (topic.ontology_tag, topic.serialization_format) == ("imu", SerializationFormat.Ragged)
    assert (topic.user_metadata, topic.schema.names) == ({"k": [1]}, ["timestamp_ns"])


TRANSLATIONS = [
    (pa.ArrowKeyError("not found: sequence 'x' not found"), E.NotFoundError),
    (pa.ArrowException("Unknown: Flight returned already exists error, with message: "
                       "sequence `x` already exists"), E.AlreadyExistsError),
    (pa.ArrowInvalid("gRPC returned precondition failed error, with message: "
                     "Session `u` is empty."), E.ConflictError),
    (pa.ArrowInvalid("Topic `seq/imu` is locked."), E.ConflictError),
    (pa.ArrowInvalid("invalid argument: bad body"), E.InvalidRequestError),
    (pa.ArrowNotImplementedError("unimplemented: no such action"), E.InvalidRequestError),
    (flight.FlightUnauthorizedError("permission denied: Unauthorized."), E.PermissionDeniedError),
    (flight.FlightUnauthorizedError("already exists"), E.PermissionDeniedError),
    (flight.FlightUnauthenticatedError("Missing API key."), E.AuthenticationError),
    (flight.FlightUnavailableError("failed to connect to all addresses"), E.UnavailableError),
    (flight.FlightTimedOutError("Deadline Exceeded"), E.DeadlineExceededError),
    (flight.FlightInternalError("internal: boom"), E.ServerError),
    (flight.FlightInternalError("facade error :: sequence 'x' not found"), E.NotFoundError),
    (flight.FlightServerError("kaput"), E.ServerError),
    (flight.FlightCancelledError("cancelled"), E.MosaicoConnectionError),
]


@pytest.mark.parametrize("exc, expected", TRANSLATIONS, ids=lambda v: type(v).__name__)
def test_translate_maps_each_status(exc, expected):
    err = translate(exc, "sequence_delete", "seq")
    assert type(err) is expected and (err.action, err.resource) == ("sequence_delete", "seq")
    assert err.server_message == clean_server_message(exc)
    assert str(err) == f"sequence_delete 'seq': {clean_server_message(exc)}"


def test_translating_chains_and_passes_domain_errors_through():
    original = pa.ArrowKeyError("not found: topic 'seq/imu' not found. Detail: Python exception")
    with pytest.raises(E.NotFoundError) as info, translating("DoGet", "seq/imu"):
        raise original
    assert info.value.__cause__ is original
    assert info.value.server_message == "not found: topic 'seq/imu' not found"
    assert translate(mine := E.ConflictError("locked")) is mine


@pytest.mark.parametrize(
    "exc, expected",
    [
        (pa.ArrowInvalid("already exists: x" + TRACEBACK), "already exists: x"),
        (flight.FlightInternalError("boom. Detail: Internal"), "boom"),
        (flight.FlightUnavailableError("Flight returned unavailable error, with message: x"), "x"),
        (pa.ArrowKeyError("'seq'" + TRACEBACK), "seq"),
        (pa.ArrowInvalid("plain message"), "plain message"),
    ],
)
def test_clean_server_message_strips_noise(exc, expected):
    assert clean_server_message(exc) == expected
    assert "Traceback" not in translate(exc).message


@pytest.mark.parametrize("msg", ["sequence x not found", pytest.param("sequence 'x' not found")])
def test_python_server_key_error_is_not_found(conn, msg):
    with pytest.raises(E.NotFoundError) as info:
        conn.action("raise_key", {"msg": msg})
    assert info.value.server_message == msg and "Traceback" not in str(info.value)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-01-15 10:20:30.123456 UTC", datetime(2026, 1, 15, 10, 20, 30, 123456, tzinfo=UTC)),
        (
            "2026-01-15 10:20:30.123456789 UTC",
            datetime(2026, 1, 15, 10, 20, 30, 123456, tzinfo=UTC),
        ),
        ("2026-01-15 10:20:30 UTC", BASE),
        ("2026-11-27 07:52 UTC", datetime(2026, 11, 27, 7, 52, tzinfo=UTC)),  # mosaicod 0.3.0
        ("2026-11-27T07:52Z", datetime(2026, 11, 27, 7, 52, tzinfo=UTC)),
        ("2026-11-27 07:52+01:00", datetime(2026, 11, 27, 6, 52, tzinfo=UTC)),
        ("2026-01-15T10:20:30Z", BASE),
        ("2026-01-15 10:20:30.5", BASE.replace(microsecond=500000)),
        ("2026-01-15T10:20:30.25+02:00", datetime(2026, 1, 15, 8, 20, 30, 250000, tzinfo=UTC)),
    ],
)
def test_parse_server_datetime(text, expected):
    parsed = parse_server_datetime(text)
    assert parsed == expected and parsed.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    "text",
    [
        "yesterday",
        "",
        None,
        1736936430,
        "2026-01-15",
        "2026-01-15 10:20:30.1234567890 UTC",
        "2026-01-15 10:20:30 PST",
        "15/01/2026 10:20:30",
        b"2026-01-15 10:20:30 UTC",
        pytest.param("2026-01-15 25:61:00 UTC"),
        "2026-01-15 10 UTC",
        "2026-01-15 10:2 UTC",
        "2026-01-15 10:20.5 UTC",  # a fraction needs seconds
        "2026-11-27 24:00 UTC",
    ],
)
def test_parse_server_datetime_rejects_garbage(text):
    with pytest.raises(E.ProtocolError):
        parse_server_datetime(text)
