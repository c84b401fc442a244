"""Query port over the ``query`` action."""

from __future__ import annotations

from typing import Any, Mapping

from mosaicolabs.domain.catalog import TimeRange
from mosaicolabs.domain.errors import ProtocolError
from mosaicolabs.domain.query_result import QueryHit, QueryTopicHit
from mosaicolabs.domain.vocabulary import Action

from .codec import require
from .connection import FlightConnection

__all__ = ["FlightQueryService", "parse_query_items"]


def _topic_hit(raw: object, sequence: str) -> QueryTopicHit:
    if not isinstance(raw, dict) or not isinstance(raw.get("locator"), str):
        raise ProtocolError(f"query: malformed topic entry {raw!r}")
    name = "/" + raw["locator"].partition("/")[2] if "/" in raw["locator"] else raw["locator"]
    span = raw.get("timestamp_range")
    if span is None:
        return QueryTopicHit(name)
    if (not isinstance(span, list) or len(span) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in span)):
        raise ProtocolError(f"query: malformed timestamp_range {span!r} for {sequence}")
    return QueryTopicHit(name, TimeRange(span[0], span[1]))


def parse_query_items(items: list[Any]) -> list[QueryHit]:
    """Decode the ``items`` of a query answer.

    Raises:
        ProtocolError: on entries that are not the documented shape.
    """
    hits = []
    for raw in items:
        if not isinstance(raw, dict) or not isinstance(raw.get("sequence"), str):
            raise ProtocolError(f"query: malformed item {raw!r}")
        topics = raw.get("topics") or []
        if not isinstance(topics, list):
            raise ProtocolError("query: 'topics' must be a list")
        hits.append(QueryHit(raw["sequence"],
                             tuple(_topic_hit(t, raw["sequence"]) for t in topics)))
    return hits


class FlightQueryService:
    """:class:`~mosaicolabs.ports.QueryService` over the ``query`` action."""

    def __init__(self, connection: FlightConnection) -> None:
        self._conn = connection

    def query(self, blocks: Mapping[str, Any]) -> list[QueryHit]:
        action = Action.query.name
        response = self._conn.action(action, dict(blocks))
        return parse_query_items(require(response, "items", list, action))
