"""Property-based tests: every decoder answers garbage with its typed error, nothing else.

Decoders covered: the mock server's action dispatcher (JSON bodies), its DoGet tickets,
API-key strings, the client's action-envelope, notification, version, query-result and
catalog-metadata decoders, and the query evaluator's block parser.
"""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.flight as flight
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mosaicolabs.adapters.flight.catalog_codec import parse_sequence_info, parse_topic_info
from mosaicolabs.adapters.flight.codec import decode_action_result
from mosaicolabs.adapters.flight.notifications import parse_notification
from mosaicolabs.adapters.flight.query import parse_query_items
from mosaicolabs.adapters.flight.server_info import parse_version
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKey
from mosaicolabs.domain.errors import InvalidAPIKeyError, MosaicoError, ProtocolError
from mosaicolabs.mock_server.actions import ACTIONS, run_action
from mosaicolabs.mock_server.wire import TopicTicket

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(
    max_size=20)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=12), inner, max_size=4), max_leaves=12)
KEYS = ["locator", "user_metadata", "session_uuid", "serialization_format", "ontology_tag",
        "notification_type", "msg", "permissions", "description", "expires_at_ns",
        "api_key_fingerprint", "sequence", "topic", "ontology", "$eq", "$in", "$between"]
objects = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), json_values, max_size=6)


def _engine() -> MemoryEngine:
    engine = MemoryEngine()
    engine.create_sequence("seq", {"a": {"b": 1}})
    session = engine.create_session("seq")
    engine.create_topic(session, "seq/imu", "imu", "default", {})
    return engine


ENGINE = _engine()


@SETTINGS
@given(action=st.sampled_from(sorted(ACTIONS)) | st.text(max_size=12),
       body=objects.map(lambda o: json.dumps(o).encode()) | st.binary(max_size=64))
def test_action_dispatcher_only_raises_typed_errors(action, body):
    try:
        answer = run_action(ENGINE, None, action, body)
    except MosaicoError:
        return
    envelope = json.loads(answer)
    assert envelope["action"] in (action, "empty")


@SETTINGS
@given(raw=st.binary(max_size=80) | objects.map(lambda o: json.dumps(o).encode()))
def test_ticket_decoder_never_raises(raw):
    ticket = TopicTicket.decode(raw)
    assert ticket is None or isinstance(ticket.locator, str)


@SETTINGS
@given(text=st.text(max_size=60) | st.from_regex(r"msco_[a-z0-9]{28,36}_[0-9a-f]{6,9}",
                                                 fullmatch=True))
def test_api_key_parser_raises_only_invalid_api_key(text):
    try:
        key = APIKey.parse(text)
    except InvalidAPIKeyError as error:
        assert text not in str(error) or len(text) < 8
        return
    assert key.token == text


@SETTINGS
@given(action=st.sampled_from(["version", "query", "session_create"]),
       raw=st.binary(max_size=64) | json_values.map(lambda v: json.dumps(
           {"action": "query", "response": v}).encode()))
def test_client_decoders_raise_only_protocol_errors(action, raw):
    try:
        response = decode_action_result(action, [raw])
        if action == "version":
            parse_version(action, response)
        elif action == "query" and isinstance(response, dict):
            parse_query_items(response.get("items") if isinstance(response.get("items"), list)
                              else [])
    except ProtocolError:
        pass


@SETTINGS
@given(entry=json_values | objects)
def test_notification_decoder_raises_only_protocol_errors(entry):
    try:
        parse_notification(entry)
    except ProtocolError:
        pass


@SETTINGS
@given(items=st.lists(json_values | objects, max_size=3))
def test_query_result_decoder_raises_only_protocol_errors(items):
    try:
        parse_query_items(items)
    except ProtocolError:
        pass


def _info(app: bytes, metadata: dict[bytes, bytes], endpoint_meta: bytes) -> flight.FlightInfo:
    endpoint = flight.FlightEndpoint(b"t", ["mosaico:/seq/imu"], app_metadata=endpoint_meta)
    return flight.FlightInfo(pa.schema([], metadata=metadata),
                             flight.FlightDescriptor.for_command(b"{}"), [endpoint], -1, -1,
                             app_metadata=app)


@SETTINGS
@given(app=st.binary(max_size=40) | objects.map(lambda o: json.dumps(o).encode()),
       meta=st.dictionaries(st.sampled_from([b"mosaico:user_metadata", b"mosaico:properties",
                                             b"mosaico:context"]),
                            st.binary(max_size=30) | json_values.map(
                                lambda v: json.dumps(v).encode()), max_size=3),
       endpoint=st.binary(max_size=40) | objects.map(lambda o: json.dumps(o).encode()))
def test_catalog_decoders_raise_only_protocol_errors(app, meta, endpoint):
    info = _info(app, meta, endpoint)
    for decode in (lambda: parse_sequence_info(info, "seq"),
                   lambda: parse_topic_info(info, "seq/imu")):
        try:
            decode()
        except ProtocolError:
            pass


@SETTINGS
@given(blocks=st.dictionaries(st.sampled_from(["sequence", "topic", "ontology"]) | st.text(
    max_size=6), objects | json_values, max_size=3))
def test_query_evaluator_raises_only_invalid_request(blocks):
    try:
        ENGINE.query(blocks)
    except MosaicoError:
        pass
