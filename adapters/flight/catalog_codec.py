"""Decoding of catalog answers (FlightInfo) into domain snapshots.

Layouts follow protocol.md §5: sequence FlightInfos carry their sessions in
``app_metadata`` and one endpoint per topic; topic FlightInfos carry the stored
schema with ``mosaico:*`` schema metadata and one endpoint. Every endpoint has
a ``TopicAppMetadata`` JSON with the upload state and data statistics.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.flight as flight

from mosaicolabs.domain.catalog import Sequence, Session, TimeRange, Topic
from mosaicolabs.domain.errors import ProtocolError
from mosaicolabs.domain.policies import SerializationFormat
from mosaicolabs.domain.vocabulary import LOCATION_SCHEME, PROPERTIES_KEY, USER_METADATA_KEY

from .codec import decode_json_object

__all__ = [
    "TopicEndpoint",
    "declared_ontology_tag",
    "parse_sequence_info",
    "parse_topic_info",
    "schema_metadata",
]

@dataclass(frozen=True)
class TopicEndpoint:
    """Where a topic's data can be fetched, with its decoded statistics."""

    ticket: bytes
    topic: Topic


def schema_metadata(schema: pa.Schema, what: str) -> dict[str, Any]:
    """Decode ``mosaico:*`` schema metadata; JSON values are parsed, others kept as text."""
    out: dict[str, Any] = {}
    for raw_key, raw_value in (schema.metadata or {}).items():
        key = raw_key.decode("utf-8", "replace")
        text = raw_value.decode("utf-8", "replace")
        try:
            out[key] = json.loads(text)
        except ValueError:
            out[key] = text
    if not isinstance(out.get(USER_METADATA_KEY, {}), dict):
        raise ProtocolError(f"{what}: '{USER_METADATA_KEY}' is not a JSON object")
    return out


def declared_ontology_tag(schema: pa.Schema) -> str | None:
    """The ontology tag a stream's schema declares in its properties, if it declares one.

    Lenient on purpose: a DoGet stream's metadata only confirms what the catalog already
    said, so a missing or unreadable entry leaves the caller with the catalog's tag.
    """
    raw = (schema.metadata or {}).get(PROPERTIES_KEY.encode())
    try:
        properties = json.loads(raw) if raw else None
    except ValueError:
        return None
    tag = properties.get("ontology_tag") if isinstance(properties, dict) else None
    return tag if isinstance(tag, str) and tag else None


def _opt_int(data: dict[str, Any], key: str, what: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProtocolError(f"{what}: {key!r} must be an integer, got {value!r}")
    return value


def _time_range(info: dict[str, Any], what: str) -> TimeRange | None:
    stamp = info.get("timestamp")
    if stamp is None:
        return None
    if not isinstance(stamp, dict):
        raise ProtocolError(f"{what}: 'info.timestamp' must be an object or null")
    start, end = _opt_int(stamp, "start_ns", what), _opt_int(stamp, "end_ns", what)
    return None if start is None or end is None else TimeRange(start, end)


def _endpoint_locator(endpoint: flight.FlightEndpoint) -> str | None:
    if len(endpoint.locations) != 1:
        return None
    uri: str = endpoint.locations[0].uri.decode("utf-8", "replace")
    if not uri.startswith(LOCATION_SCHEME):
        return None
    return uri[len(LOCATION_SCHEME) :].lstrip("/")


def _parse_endpoint(endpoint: flight.FlightEndpoint, base: dict[str, Any]) -> TopicEndpoint | None:
    locator = _endpoint_locator(endpoint)
    if locator is None or "/" not in locator:
        return None  # not a topic endpoint we understand; the official client skips these too
    meta = decode_json_object(endpoint.app_metadata or b"{}", f"endpoint {locator}")
    info = meta.get("info") or {}
    if not isinstance(info, dict):
        raise ProtocolError(f"endpoint {locator}: 'info' must be an object")
    sequence, _, name = locator.partition("/")
    completed = _opt_int(meta, "completed_at_ns", locator)
    topic = Topic(
        sequence_name=sequence,
        name="/" + name,
        created_at_ns=_opt_int(meta, "created_at_ns", locator) or 0,
        completed_at_ns=completed,
        locked=bool(meta.get("locked", completed is not None)),
        chunks_number=_opt_int(info, "chunks_number", locator) or 0,
        total_bytes=_opt_int(info, "total_bytes", locator) or 0,
        time_range=_time_range(info, locator),
        **base,
    )
    return TopicEndpoint(ticket=endpoint.ticket.ticket, topic=topic)


def _parse_session(raw: object, what: str) -> Session:
    if not isinstance(raw, dict) or not isinstance(raw.get("uuid"), str):
        raise ProtocolError(f"{what}: malformed session entry {raw!r}")
    topics = raw.get("topics") or []
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise ProtocolError(f"{what}: session 'topics' must be a list of locators")
    return Session(
        uuid=raw["uuid"],
        created_at_ns=_opt_int(raw, "created_at_ns", what) or 0,
        completed_at_ns=_opt_int(raw, "completed_at_ns", what),
        topics=tuple("/" + t.partition("/")[2] for t in topics),
    )


def parse_sequence_info(info: flight.FlightInfo, name: str) -> tuple[Sequence, list[TopicEndpoint]]:
    """Decode a sequence FlightInfo into a :class:`Sequence` and its topic endpoints.

    Raises:
        ProtocolError: if the metadata is not the documented layout.
    """
    meta = schema_metadata(info.schema, f"sequence {name}")
    app = decode_json_object(info.app_metadata or b"{}", f"sequence {name}")
    sessions = app.get("sessions") or []
    if not isinstance(sessions, list):
        raise ProtocolError(f"sequence {name}: 'sessions' must be a list")
    endpoints = [ep for ep in (_parse_endpoint(e, {}) for e in info.endpoints) if ep]
    locator = app.get("resource_locator", name)
    if not isinstance(locator, str):
        raise ProtocolError(f"sequence {name}: 'resource_locator' must be a string")
    sequence = Sequence(
        name=locator or name,
        user_metadata=meta.get(USER_METADATA_KEY) or {},
        created_at_ns=_opt_int(app, "created_at_ns", name) or 0,
        sessions=tuple(_parse_session(s, f"sequence {name}") for s in sessions),
        topics=tuple(ep.topic for ep in endpoints),
    )
    return sequence, endpoints


def parse_topic_info(info: flight.FlightInfo, locator: str) -> TopicEndpoint:
    """Decode a topic FlightInfo into its endpoint with a full :class:`Topic`.

    Raises:
        ProtocolError: if the metadata or the endpoint is missing or malformed.
    """
    meta = schema_metadata(info.schema, f"topic {locator}")
    props = meta.get(PROPERTIES_KEY) or {}
    if not isinstance(props, dict):
        raise ProtocolError(f"topic {locator}: '{PROPERTIES_KEY}' is not a JSON object")
    try:
        fmt = SerializationFormat(props.get("serialization_format", "default"))
    except ValueError:
        raise ProtocolError(
            f"topic {locator}: unknown serialization format {props.get('serialization_format')!r}"
        ) from None
    fields = list(info.schema)
    base = {
        "ontology_tag": str(props.get("ontology_tag", "")),
        "serialization_format": fmt,
        "user_metadata": meta.get(USER_METADATA_KEY) or {},
        "schema": pa.schema(fields) if fields else None,
    }
    for endpoint in info.endpoints:
        parsed = _parse_endpoint(endpoint, base)
        if parsed is not None and parsed.topic.locator == locator:
            return parsed
    raise ProtocolError(f"topic {locator}: the server sent no endpoint for it")
