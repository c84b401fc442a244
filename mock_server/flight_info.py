"""FlightInfo layouts of the catalogue (protocol.md §5.1, §5.3, §5.4, §5.5).

Pure functions from domain snapshots to pyarrow Flight objects, so the layout
can be read in one place and tested without a running server.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.flight as flight

from mosaicolabs.domain.catalog import Sequence, Session, Topic
from mosaicolabs.domain.vocabulary import (
    CONTEXT_KEY,
    LOCATION_SCHEME,
    PROPERTIES_KEY,
    USER_METADATA_KEY,
)

from .wire import TopicTicket, dumps

__all__ = [
    "CONTEXT_KEY",
    "LOCATION_SCHEME",
    "PROPERTIES_KEY",
    "USER_METADATA_KEY",
    "listing_info",
    "sequence_info",
    "topic_app_metadata",
    "topic_info",
    "topic_schema_metadata",
]

_EMPTY_SCHEMA = pa.schema([])


def listing_info(sequence_name: str) -> flight.FlightInfo:
    """One ListFlights entry: PATH ``[<seq>]``, empty schema, ticket ``<seq>``, no locations."""
    endpoint = flight.FlightEndpoint(sequence_name.encode("utf-8"), [])
    descriptor = flight.FlightDescriptor.for_path(sequence_name)
    return flight.FlightInfo(_EMPTY_SCHEMA, descriptor, [endpoint], -1, -1)


def topic_schema_metadata(topic: Topic) -> dict[str, str]:
    """The three ``mosaico:*`` keys of a topic schema (FlightInfo and DoGet alike)."""
    properties = {
        "serialization_format": topic.serialization_format.value,
        "ontology_tag": topic.ontology_tag,
    }
    return {
        CONTEXT_KEY: "topic",
        PROPERTIES_KEY: dumps(properties),
        USER_METADATA_KEY: dumps(topic.user_metadata),
    }


def topic_app_metadata(topic: Topic) -> dict[str, Any]:
    """TopicAppMetadata; ``info`` is always present because the official client requires it."""
    span = topic.time_range
    timestamp = None if span is None else {"start_ns": span.start_ns, "end_ns": span.end_ns}
    return {
        "created_at_ns": topic.created_at_ns,
        "completed_at_ns": topic.completed_at_ns,
        "locked": topic.locked,
        "resource_locator": topic.locator,
        "info": {
            "chunks_number": topic.chunks_number,
            "total_bytes": topic.total_bytes,
            "timestamp": timestamp,
        },
    }


def _topic_endpoint(
    topic: Topic, start_ns: int | None, end_ns: int | None
) -> flight.FlightEndpoint:
    ticket = TopicTicket(topic.locator, start_ns, end_ns).encode()
    location = flight.Location(f"{LOCATION_SCHEME}/{topic.locator}")
    app_metadata = dumps(topic_app_metadata(topic)).encode("utf-8")
    return flight.FlightEndpoint(ticket, [location], app_metadata=app_metadata)


def _session_json(sequence_name: str, session: Session) -> dict[str, Any]:
    return {
        "uuid": session.uuid,
        "created_at_ns": session.created_at_ns,
        "completed_at_ns": session.completed_at_ns,
        # Sessions list topics as "/name"; the wire wants full locators.
        "topics": [f"{sequence_name}/{name.lstrip('/')}" for name in session.topics],
        "locked": session.locked,
    }


def sequence_info(
    sequence: Sequence,
    descriptor: flight.FlightDescriptor,
    start_ns: int | None = None,
    end_ns: int | None = None,
) -> flight.FlightInfo:
    """FlightInfo of a sequence: metadata-only schema, sessions, one endpoint per topic.

    The time bounds are not applied to the metadata, only baked into the tickets.
    """
    schema = _EMPTY_SCHEMA.with_metadata(
        {CONTEXT_KEY: "sequence", USER_METADATA_KEY: dumps(sequence.user_metadata)}
    )
    app_metadata = {
        "created_at_ns": sequence.created_at_ns,
        "resource_locator": sequence.name,
        "sessions": [_session_json(sequence.name, s) for s in sequence.sessions],
    }
    endpoints = [_topic_endpoint(t, start_ns, end_ns) for t in sequence.topics]
    return flight.FlightInfo(
        schema, descriptor, endpoints, -1, -1, app_metadata=dumps(app_metadata).encode("utf-8")
    )


def topic_info(
    topic: Topic,
    descriptor: flight.FlightDescriptor,
    start_ns: int | None = None,
    end_ns: int | None = None,
) -> flight.FlightInfo:
    """FlightInfo of a topic: stored schema plus topic metadata, exactly one endpoint."""
    schema = (topic.schema or _EMPTY_SCHEMA).with_metadata(topic_schema_metadata(topic))
    endpoint = _topic_endpoint(topic, start_ns, end_ns)
    return flight.FlightInfo(schema, descriptor, [endpoint], -1, -1)
