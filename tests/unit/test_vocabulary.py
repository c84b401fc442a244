"""The protocol vocabulary is the one source of action names, levels, retries and shapes.

The mock server's handler table and its ListActions answer, the permission levels the
mock server and the in-memory engine enforce, and the client's retry set are all checked
against the declarations (see also tests/unit/test_memory_adapters_permissions.py, whose
independent table of levels is held to the declarations there).
"""

from __future__ import annotations

import json
import logging
import re

import pyarrow as pa
import pyarrow.flight as fl
import pytest

from mosaicolabs.adapters.auth.api_key import AnonymousCredentials
from mosaicolabs.adapters.compression.none import NoCompression
from mosaicolabs.adapters.flight.connection import FlightConnection
from mosaicolabs.adapters.flight.retry import IDEMPOTENT_ACTIONS
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.adapters.tls.channel import PlainChannel
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum as P
from mosaicolabs.domain.errors import PermissionDeniedError, UnavailableError
from mosaicolabs.domain.permissions import REQUIRED_PERMISSION, required_permission
from mosaicolabs.domain.retry import RetryPolicy
from mosaicolabs.domain.vocabulary import (
    ACTIONS,
    API_KEY_HEADER,
    Action,
    FlightMethod,
    ReplyKind,
    served_actions,
)
from mosaicolabs.mock_server import MockFlightServer, running_server
from mosaicolabs.mock_server import actions as mock_actions

LEVELS = [P.Read, P.Write, P.Delete, P.Manage]
SERVED = [a for a in Action if a.served]
UNSERVED = [a for a in Action if not a.served]


def test_declarations_are_well_formed():
    assert set(ACTIONS) == {a.name for a in Action}
    for action in Action:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", action.name), action.name
        spec = action.spec
        keys = [key.name for key in spec.request]
        assert len(keys) == len(set(keys)), action.name
        assert (spec.reply.kind is ReplyKind.OBJECT) == bool(spec.reply.keys), action.name
        assert not spec.idempotent or spec.permission in (P.Read, P.Manage), action.name
    # Every action mosaicod 0.3.0 has is spoken (a new declaration may start unserved).
    assert UNSERVED == []


def test_permission_table_is_every_declaration_and_fails_closed():
    declared = {**{m.name: m.permission for m in FlightMethod},
                **{a.name: a.permission for a in Action}}
    assert dict(REQUIRED_PERMISSION) == declared
    assert required_permission("layer_frobnicate") is P.Manage


def test_retry_set_is_the_declared_idempotent_actions():
    assert IDEMPOTENT_ACTIONS == {a.name for a in Action if a.idempotent}
    # Written out, so a declaration flipped by mistake shows here.
    assert IDEMPOTENT_ACTIONS == {"version", "info", "query", "sequence_notification_list",
                                  "topic_notification_list", "api_key_status", "layer_list"}


@pytest.fixture(scope="module")
def dead_connection():
    server = MockFlightServer()
    port = server.port
    server.shutdown()  # nothing listens there any more: every call is UNAVAILABLE
    connection = FlightConnection(
        "127.0.0.1", port, security=PlainChannel(), credentials=AnonymousCredentials(),
        compression=NoCompression(),
        retry=RetryPolicy(attempts=3, initial_backoff_s=0.001, max_backoff_s=0.002))
    yield connection
    connection.close()


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.name)
def test_connection_retries_exactly_the_idempotent_declarations(dead_connection, action,
                                                                caplog):
    caplog.set_level(logging.INFO, logger="mosaicolabs.flight")
    with pytest.raises(UnavailableError):
        dead_connection.action(action.name, {})
    retries = sum("retrying" in r.getMessage() for r in caplog.records)
    assert retries == (2 if action.idempotent else 0)


# -- the mock server ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def secured():
    engine = MemoryEngine(enforce_api_keys=True)
    tokens = {level: engine.keys.issue(level, f"{level.value} key") for level in LEVELS}
    with running_server(engine) as server, fl.FlightClient(server.uri) as client:
        yield client, tokens


def _options(token: str) -> fl.FlightCallOptions:
    return fl.FlightCallOptions(headers=[(API_KEY_HEADER.encode(), token.encode())])


def test_mock_handler_table_is_the_served_declarations():
    assert set(mock_actions.ACTIONS) == {a.name for a in SERVED}


def test_list_actions_over_flight_is_the_served_declarations(secured):
    client, tokens = secured
    listed = [(a.type, a.description) for a in client.list_actions(_options(tokens[P.Read]))]
    assert listed == [(a.name, a.spec.summary) for a in served_actions()]


@pytest.mark.parametrize("name", [a.name for a in UNSERVED] + ["layer_frobnicate"])
def test_unserved_and_undeclared_actions_are_unknown_to_the_mock(secured, name):
    client, tokens = secured
    with pytest.raises(fl.FlightInternalError, match="no available action"):
        list(client.do_action(fl.Action(name, b"{}"), _options(tokens[P.Manage])))


@pytest.mark.parametrize("level", LEVELS, ids=lambda p: p.value)
@pytest.mark.parametrize("action", SERVED, ids=lambda a: a.name)
def test_mock_enforces_each_declared_level(secured, action, level):
    """Levels are checked before the body: ``{}`` is refused or gets past the check."""
    client, tokens = secured
    call = fl.Action(action.name, b"{}")
    if level.allows(action.permission):
        try:
            list(client.do_action(call, _options(tokens[level])))
        except fl.FlightUnauthorizedError as exc:  # pragma: no cover - the failure
            pytest.fail(f"{action.name} refused a {level.value} key: {exc}")
        except fl.FlightError:
            pass  # a missing key in the body, an unknown resource...: past the check
        return
    with pytest.raises(fl.FlightUnauthorizedError, match="unauthorized"):
        list(client.do_action(call, _options(tokens[level])))


@pytest.mark.parametrize("level", LEVELS, ids=lambda p: p.value)
@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.name)
def test_engine_enforces_each_declared_level(action, level):
    engine = MemoryEngine(enforce_api_keys=True)
    token = engine.keys.issue(level, "k")
    if level.allows(action.permission):
        engine.authorize(token, action.name)
    else:
        with pytest.raises(PermissionDeniedError):
            engine.authorize(token, action.name)


# -- answers match the declared reply shapes ----------------------------------------------
def _answer(client, options, action: Action, body: dict):
    [result] = list(client.do_action(fl.Action(action.name, json.dumps(body).encode()), options))
    return json.loads(result.body.to_pybytes())


def _check_reply(action: Action, envelope: dict) -> None:
    reply = action.spec.reply
    if reply.kind is ReplyKind.EMPTY:
        assert envelope == {"action": "empty"}, action.name
        return
    assert envelope["action"] == action.name
    response = envelope["response"]
    if reply.kind is ReplyKind.NULL:
        assert response is None, action.name
        return
    kinds = {"string": str, "integer": int, "object": dict, "list": list}
    for key in reply.keys:
        if key.required:
            assert key.name in response, (action.name, key.name)
        value = response.get(key.name)
        if value is None and (key.nullable or not key.required):
            continue
        assert isinstance(value, kinds[key.kind.value]), (action.name, key.name, value)
    if reply.exact:
        assert set(response) == set(reply.key_names), action.name


def test_each_served_action_answers_its_declared_shape(secured):
    client, tokens = secured
    options = _options(tokens[P.Manage])

    def ask(action: Action, body: dict) -> dict:
        return _answer(client, options, action, body)

    seen: dict[Action, dict] = {}
    seen[Action.version] = ask(Action.version, {})
    seen[Action.info] = ask(Action.info, {})
    seen[Action.sequence_create] = ask(Action.sequence_create, {"locator": "shape",
                                                                "user_metadata": {}})
    seen[Action.session_create] = ask(Action.session_create, {"locator": "shape"})
    session = seen[Action.session_create]["response"]["uuid"]
    seen[Action.topic_create] = ask(Action.topic_create, {
        "session_uuid": session, "locator": "shape/t", "serialization_format": "default",
        "ontology_tag": "imu", "user_metadata": {}})
    for scope, locator in (("sequence", "shape"), ("topic", "shape/t")):
        note = {"locator": locator, "notification_type": "error", "msg": "m"}
        for verb, body in (("create", note), ("list", {"locator": locator}),
                           ("purge", {"locator": locator})):
            action = ACTIONS[f"{scope}_notification_{verb}"]
            seen[action] = ask(action, body)
    seen[Action.query] = ask(Action.query, {"sequence": {"locator": {"$eq": "shape"}}})
    token = ask(Action.api_key_create, {"permissions": "read", "description": "d"})
    seen[Action.api_key_create] = token
    fingerprint = token["response"]["api_key_token"].rsplit("_", 1)[1]
    seen[Action.api_key_status] = ask(Action.api_key_status, {"api_key_fingerprint": fingerprint})
    seen[Action.api_key_revoke] = ask(Action.api_key_revoke, {"api_key_fingerprint": fingerprint})
    seen[Action.topic_delete] = ask(Action.topic_delete, {"locator": "shape/t"})
    seen[Action.session_delete] = ask(Action.session_delete, {"session_uuid": session})
    seen[Action.sequence_delete] = ask(Action.sequence_delete, {"locator": "shape"})
    seen[Action.layer_create] = ask(Action.layer_create, {"name": "shape", "description": ""})
    seen[Action.layer_update] = ask(Action.layer_update, {
        "prev_name": "shape", "curr_name": "form", "curr_description": "d"})
    seen[Action.layer_list] = ask(Action.layer_list, {})
    assert {"name": "form", "description": "d"} in seen[Action.layer_list]["response"]["layers"]
    seen[Action.layer_delete] = ask(Action.layer_delete, {"name": "form"})
    # session_finalize needs an uploaded topic: see the next test.
    assert set(seen) == set(SERVED) - {Action.session_finalize}
    for action, envelope in seen.items():
        _check_reply(action, envelope)


def test_session_finalize_answers_its_declared_shape():
    engine = MemoryEngine()
    engine.create_sequence("s", {})
    session = engine.create_session("s")
    topic = engine.create_topic(session, "s/t", "imu", "default", {})
    upload = engine.begin_upload("s/t", topic, pa.schema([("timestamp_ns", pa.int64())]))
    upload.append(pa.record_batch([pa.array([1], pa.int64())], names=["timestamp_ns"]))
    upload.commit()
    with running_server(engine) as server, fl.FlightClient(server.uri) as client:
        envelope = _answer(client, None, Action.session_finalize, {"session_uuid": session})
    _check_reply(Action.session_finalize, envelope)
