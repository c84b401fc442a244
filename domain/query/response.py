"""Query results, grouped by sequence, and chaining them into new queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, NamedTuple

from ..query_result import QueryHit
from .builders import QuerySequence, QueryTopic, topic_filter_name
from .proxies import SEQUENCE_Q, TOPIC_Q

__all__ = [
    "QueryResponse",
    "QueryResponseItem",
    "QueryResponseSequence",
    "QueryResponseTopic",
    "TimestampRange",
]


class TimestampRange(NamedTuple):
    """First and last ``timestamp_ns`` of a topic's matching rows (both included).

    A tuple, so ``start, end = topic.timestamp_range`` keeps working, with the
    ``.start`` and ``.end`` of the official package's ``TimestampRange``.
    """

    start: int
    end: int


@dataclass(frozen=True)
class QueryResponseSequence:
    """The sequence of a result item."""

    name: str


@dataclass(frozen=True)
class QueryResponseTopic:
    """A matching topic; ``timestamp_range`` is set when it was asked for."""

    name: str
    timestamp_range: TimestampRange | None = None


@dataclass(frozen=True)
class QueryResponseItem:
    """One matching sequence and its matching topics."""

    sequence: QueryResponseSequence
    topics: list[QueryResponseTopic] = field(default_factory=list)


@dataclass(repr=False)
class QueryResponse:
    """The matches of a query: iterate it for :class:`QueryResponseItem` objects.

    ``QueryResponse()`` holds no items.
    """

    items: list[QueryResponseItem] = field(default_factory=list)

    @classmethod
    def from_hits(cls, hits: list[QueryHit]) -> QueryResponse:
        """Build from the port's results."""
        return cls([
            QueryResponseItem(
                QueryResponseSequence(hit.sequence_name),
                [QueryResponseTopic(t.name, None if t.time_range is None else
                                    TimestampRange(t.time_range.start_ns, t.time_range.end_ns))
                 for t in hit.topics],
            )
            for hit in hits
        ])

    def __iter__(self) -> Iterator[QueryResponseItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> QueryResponseItem:
        return self.items[index]

    def is_empty(self) -> bool:
        """True when nothing matched."""
        return not self.items

    def to_query_sequence(self) -> QuerySequence:
        """A sequence filter selecting exactly these sequences (to chain queries)."""
        return QuerySequence(SEQUENCE_Q.name.in_([item.sequence.name for item in self.items]))

    def to_query_topic(self) -> QueryTopic:
        """A topic filter selecting these topics by name (to chain queries)."""
        names = list(dict.fromkeys(t.name for item in self.items for t in item.topics))
        return QueryTopic(TOPIC_Q.name.in_([topic_filter_name(n) for n in names]))

    def __repr__(self) -> str:
        return f"QueryResponse({len(self.items)} sequences)"
