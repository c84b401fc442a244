"""Results of a catalog query, independent of how the query was expressed."""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import TimeRange

__all__ = ["QueryHit", "QueryTopicHit"]


@dataclass(frozen=True)
class QueryTopicHit:
    """A topic that matched, with the span of matching rows when it was asked for."""

    name: str
    time_range: TimeRange | None = None


@dataclass(frozen=True)
class QueryHit:
    """A sequence that matched and its matching topics."""

    sequence_name: str
    topics: tuple[QueryTopicHit, ...] = ()
