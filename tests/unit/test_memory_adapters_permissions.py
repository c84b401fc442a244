"""Every in-memory port method checks the caller's API-key level (protocol.md §2.4)."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pyarrow as pa
import pytest

from mosaicolabs.adapters.auth.api_key import AnonymousCredentials, APIKeyCredentials
from mosaicolabs.adapters.memory import (
    InMemoryAPIKeys,
    InMemoryCatalog,
    InMemoryLayers,
    InMemoryNotifications,
    InMemoryQueryService,
    InMemoryServerInfo,
    InMemoryTopicStreams,
    MemoryEngine,
)
from mosaicolabs.adapters.memory.engine import ENGINE_VERSION
from mosaicolabs.domain.api_keys import APIKey, APIKeyPermissionEnum
from mosaicolabs.domain.errors import AuthenticationError, NotFoundError, PermissionDeniedError
from mosaicolabs.domain.policies import SerializationFormat as SF
from mosaicolabs.domain.vocabulary import Action, FlightMethod

P = APIKeyPermissionEnum
LEVELS = [P.Read, P.Write, P.Delete, P.Manage]
SCHEMA = pa.schema([pa.field("timestamp_ns", pa.int64())])


def ports(engine, credentials):
    return SimpleNamespace(
        catalog=InMemoryCatalog(engine, credentials),
        notes=InMemoryNotifications(engine, credentials),
        keys=InMemoryAPIKeys(engine, credentials),
        info=InMemoryServerInfo(engine, credentials),
        query=InMemoryQueryService(engine, credentials),
        streams=InMemoryTopicStreams(engine, credentials),
        layers=InMemoryLayers(engine, credentials),
    )


def build_world(enforce=True):
    """A sequence with an open session (topic /open) and a session ready to finalize (/done)."""
    engine = MemoryEngine(enforce_api_keys=enforce)
    w = SimpleNamespace(engine=engine)
    w.tokens = {p: engine.keys.issue(p, f"{p.value} key") for p in LEVELS}
    w.victim = APIKey.parse(engine.keys.issue(P.Read, "victim")).fingerprint
    admin = ports(engine, APIKeyCredentials(engine.keys.issue(P.Manage, "admin")))
    admin.catalog.create_sequence("seq", {"k": "v"})
    w.open_session = admin.catalog.create_session("seq")
    w.open_uuid = admin.catalog.create_topic(w.open_session, "seq", "/open", "imu", SF.Default, {})
    w.done_session = admin.catalog.create_session("seq")
    done = admin.catalog.create_topic(w.done_session, "seq", "/done", "imu", SF.Default, {})
    writer = admin.streams.open_writer("seq", "/done", done, SCHEMA)
    writer.write_batch(pa.record_batch([pa.array([2, 1], pa.int64())], schema=SCHEMA))
    writer.close()
    admin.notes.create("seq", None, "seq note")
    admin.notes.create("seq", "/open", "topic note")
    admin.layers.create("lidar", "point clouds")
    return w


def state(w):
    """Everything a call could change, as comparable values."""
    e = w.engine
    seqs = {name: e.describe_sequence(name) for name in e.list_sequences()}
    notes = {}
    for name, seq in seqs.items():
        notes[name] = e.list_notifications(name)
        for topic in seq.topics:
            notes[topic.locator] = e.list_notifications(topic.locator)
    keys = []
    for fp in [APIKey.parse(t).fingerprint for t in w.tokens.values()] + [w.victim]:
        try:
            keys.append(e.keys.status(fp))
        except NotFoundError:
            keys.append(None)
    return seqs, notes, keys, e.list_layers()


def _layers(w):
    return [(layer.name, layer.description) for layer in w.engine.list_layers()]


@dataclass(frozen=True)
class Case:
    name: str
    needs: P
    call: object  # (ports, world) -> result
    check: object  # (world, result) -> None; asserts the effect


def _session_uuids(w):
    return [s.uuid for s in w.engine.describe_sequence("seq").sessions]


def _missing(fn):
    with pytest.raises(NotFoundError):
        fn()
    return True


def _write_and_close(p, w):
    writer = p.streams.open_writer("seq", "/open", w.open_uuid, SCHEMA)
    writer.write_batch(pa.record_batch([pa.array([7], pa.int64())], schema=SCHEMA))
    writer.close()


def _read_all(p, w):
    reader = p.streams.open_reader("seq", "/done")
    return [b.column(0).to_pylist() for b in reader]


CASES = [
    # catalog
    Case("list_sequences", P.Read, lambda p, w: p.catalog.list_sequences(),
         lambda w, r: r == ["seq"]),
    Case("create_sequence", P.Write, lambda p, w: p.catalog.create_sequence("new", {}),
         lambda w, r: w.engine.list_sequences() == ["new", "seq"]),
    Case("describe_sequence", P.Read, lambda p, w: p.catalog.describe_sequence("seq"),
         lambda w, r: r.name == "seq" and r.user_metadata == {"k": "v"}),
    Case("delete_sequence", P.Delete, lambda p, w: p.catalog.delete_sequence("seq"),
         lambda w, r: w.engine.list_sequences() == []),
    Case("create_session", P.Write, lambda p, w: p.catalog.create_session("seq"),
         lambda w, r: _session_uuids(w)[-1] == r and len(_session_uuids(w)) == 3),
    Case("finalize_session", P.Write, lambda p, w: p.catalog.finalize_session(w.done_session),
         lambda w, r: w.engine.describe_sequence("seq").sessions[1].locked),
    Case("delete_session", P.Delete, lambda p, w: p.catalog.delete_session(w.open_session),
         lambda w, r: _session_uuids(w) == [w.done_session]),
    Case("create_topic", P.Write,
         lambda p, w: p.catalog.create_topic(w.open_session, "seq", "/new", "gps", SF.Default, {}),
         lambda w, r: w.engine.describe_topic("seq/new").ontology_tag == "gps"),
    Case("describe_topic", P.Read, lambda p, w: p.catalog.describe_topic("seq", "/done"),
         lambda w, r: r.locked and r.name == "/done"),
    Case("delete_topic", P.Delete, lambda p, w: p.catalog.delete_topic("seq", "/open"),
         lambda w, r: _missing(lambda: w.engine.describe_topic("seq/open"))),
    # notifications
    Case("notify_sequence", P.Write, lambda p, w: p.notes.create("seq", None, "new"),
         lambda w, r: [n.message for n in w.engine.list_notifications("seq")]
         == ["seq note", "new"]),
    Case("notify_topic", P.Write, lambda p, w: p.notes.create("seq", "/open", "new"),
         lambda w, r: len(w.engine.list_notifications("seq/open")) == 2),
    Case("list_sequence_notes", P.Read, lambda p, w: p.notes.list("seq"),
         lambda w, r: [(n.message, n.topic_name) for n in r] == [("seq note", None)]),
    Case("list_topic_notes", P.Read, lambda p, w: p.notes.list("seq", "/open"),
         lambda w, r: [(n.message, n.topic_name) for n in r] == [("topic note", "/open")]),
    Case("purge_sequence_notes", P.Delete, lambda p, w: p.notes.purge("seq"),
         lambda w, r: w.engine.list_notifications("seq") == []
         and len(w.engine.list_notifications("seq/open")) == 1),
    Case("purge_topic_notes", P.Delete, lambda p, w: p.notes.purge("seq", "/open"),
         lambda w, r: w.engine.list_notifications("seq/open") == []),
    # api keys
    Case("create_key", P.Manage, lambda p, w: p.keys.create(P.Write, "made", None),
         lambda w, r: w.engine.keys.status(APIKey.parse(r).fingerprint).permission is P.Write),
    Case("key_status", P.Manage, lambda p, w: p.keys.status(w.victim),
         lambda w, r: r.description == "victim" and r.permission is P.Read),
    Case("revoke_key", P.Manage, lambda p, w: p.keys.revoke(w.victim),
         lambda w, r: _missing(lambda: w.engine.keys.status(w.victim))),
    # layers
    Case("create_layer", P.Write, lambda p, w: p.layers.create(" radar ", "waves"),
         lambda w, r: _layers(w)[-1] == ("radar", "waves")),
    Case("update_layer", P.Write, lambda p, w: p.layers.update("lidar", "laser", "beams"),
         lambda w, r: [n for n, _ in _layers(w)] == ["default", "laser"]
         and _layers(w)[-1] == ("laser", "beams")),
    Case("delete_layer", P.Delete, lambda p, w: p.layers.delete("lidar"),
         lambda w, r: [n for n, _ in _layers(w)] == ["default"]),
    Case("list_layers", P.Read, lambda p, w: p.layers.list(),
         lambda w, r: [(x.name, x.description) for x in r] == _layers(w)
         and [x.name for x in r] == ["default", "lidar"]),
    # query
    Case("query", P.Read, lambda p, w: p.query.query({"sequence": {"locator": {"$eq": "seq"}}}),
         lambda w, r: [hit.sequence_name for hit in r] == ["seq"]),
    # server info
    Case("version", P.Read, lambda p, w: p.info.version(), lambda w, r: r == ENGINE_VERSION),
    Case("info", P.Read, lambda p, w: p.info.info(), lambda w, r: str(r) == "0.3.0"),
    Case("wait_until_ready", P.Read, lambda p, w: p.info.wait_until_ready(0.1),
         lambda w, r: r is None),
    # data streams
    Case("open_writer", P.Write, _write_and_close,
         lambda w, r: w.engine.describe_topic("seq/open").locked),
    Case("open_reader", P.Read, _read_all, lambda w, r: r == [[1, 2]]),
]
IDS = [c.name for c in CASES]


def test_cases_cover_every_port_method():
    covered = {c.name for c in CASES}
    assert len(covered) == len(CASES) == 29
    for cls in (InMemoryCatalog, InMemoryServerInfo):
        public = {m for m in vars(cls) if not m.startswith("_")}
        assert public <= covered, public - covered


#: The operation each port method performs on a server (the level is declared there).
OPERATION = {
    "list_sequences": FlightMethod.ListFlights, "wait_until_ready": FlightMethod.ListFlights,
    "describe_sequence": FlightMethod.GetFlightInfo,
    "describe_topic": FlightMethod.GetFlightInfo,
    "open_writer": FlightMethod.DoPut, "open_reader": FlightMethod.DoGet,
    "create_sequence": Action.sequence_create, "delete_sequence": Action.sequence_delete,
    "create_session": Action.session_create, "finalize_session": Action.session_finalize,
    "delete_session": Action.session_delete, "create_topic": Action.topic_create,
    "delete_topic": Action.topic_delete,
    "notify_sequence": Action.sequence_notification_create,
    "notify_topic": Action.topic_notification_create,
    "list_sequence_notes": Action.sequence_notification_list,
    "list_topic_notes": Action.topic_notification_list,
    "purge_sequence_notes": Action.sequence_notification_purge,
    "purge_topic_notes": Action.topic_notification_purge,
    "create_key": Action.api_key_create, "key_status": Action.api_key_status,
    "revoke_key": Action.api_key_revoke, "query": Action.query,
    "version": Action.version, "info": Action.info,
    "create_layer": Action.layer_create, "update_layer": Action.layer_update,
    "delete_layer": Action.layer_delete, "list_layers": Action.layer_list,
}


def test_the_cases_are_every_served_action_at_its_declared_level():
    """The levels above are written from protocol.md §2.4; the declarations must agree."""
    assert set(OPERATION) == set(IDS)
    for case in CASES:
        assert OPERATION[case.name].permission is case.needs, case.name
    served = {a for a in Action if a.served}
    assert {op for op in OPERATION.values() if isinstance(op, Action)} == served


@pytest.mark.parametrize("level", LEVELS, ids=lambda p: p.value)
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_permission_matrix(case, level):
    w = build_world()
    token = w.tokens[level]
    p = ports(w.engine, APIKeyCredentials(token))
    if level.allows(case.needs):
        result = case.call(p, w)
        assert case.check(w, result), f"{case.name} did not take effect"
        return
    before = state(w)
    with pytest.raises(PermissionDeniedError) as info:
        case.call(p, w)
    assert case.needs.value.upper() in str(info.value)
    assert token not in f"{info.value} {info.value!r}"
    assert state(w) == before, f"a denied {case.name} changed the engine"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_anonymous_caller_is_unauthenticated(case):
    w = build_world()
    before = state(w)
    with pytest.raises(AuthenticationError):
        case.call(ports(w.engine, AnonymousCredentials()), w)
    assert state(w) == before


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_without_enforcement_anonymous_may_do_everything(case):
    w = build_world(enforce=False)
    result = case.call(ports(w.engine, AnonymousCredentials()), w)
    assert case.check(w, result)


def test_revoked_credentials_stop_working():
    w = build_world()
    reader = ports(w.engine, APIKeyCredentials(w.tokens[P.Read]))
    assert reader.catalog.list_sequences() == ["seq"]
    admin = ports(w.engine, APIKeyCredentials(w.tokens[P.Manage]))
    admin.keys.revoke(APIKeyCredentials(w.tokens[P.Read]).fingerprint)
    with pytest.raises(PermissionDeniedError):
        reader.catalog.list_sequences()
    with pytest.raises(PermissionDeniedError):
        reader.info.wait_until_ready(0.1)


def test_permission_is_checked_before_the_resource_exists():
    w = build_world()
    reader = ports(w.engine, APIKeyCredentials(w.tokens[P.Read]))
    with pytest.raises(PermissionDeniedError):
        reader.catalog.delete_sequence("no_such_sequence")
    with pytest.raises(PermissionDeniedError):
        reader.catalog.create_sequence("bad name!", {})
