"""Evaluation of the ``query`` action over a snapshot of the engine, as mosaicod 0.3.0 does it.

1. Decoding and compiling (:mod:`.query_parse`): malformed queries and conditions
   mosaicod cannot run are refused before any data is looked at.
2. Candidate topics: topics whose sequence passes the ``sequence`` block and which
   pass the ``topic`` block. User metadata compares as PostgreSQL does
   (:mod:`.query_metadata`); a value it could not cast, in any record of the block,
   refuses the query.
3. Without an ontology block the candidates are the answer, grouped by sequence; but
   when neither block holds a condition mosaicod answers nothing, and so do we.
4. Ontology conditions are grouped by tag. Without a condition in the other blocks,
   every topic of the tag is a candidate. A candidate matches when a stored chunk
   whose statistics fit every condition holds a row meeting them all
   (:mod:`.query_chunks`); ``include_timestamp_range`` reports that chunk's span.
   Groups combine by intersecting sequences and uniting their topics.

Results are ordered by sequence name, topics by name (§12.8).

Deliberate differences (listed in tests/fidelity/fidelity.json): an ontology path absent
from *every* stored topic of its tag, or a value of the wrong family for its column, is
an :class:`InvalidRequestError` (mosaicod answers nothing: the key is surely wrong);
when only some topics lack the path, those just do not match, and topics without data
never decide.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import pyarrow as pa

from mosaicolabs.domain.catalog import TimeRange
from mosaicolabs.domain.query_result import QueryHit, QueryTopicHit

from .query_chunks import ChunkedTopic, search_chunks
from .query_columns import ColumnTest, column_type, row_mask
from .query_metadata import cast_problem
from .query_ops import invalid, unsupported
from .query_parse import FieldTest, ParsedQuery, check_query_supported, parse_query
from .records import SequenceRecord, TopicRecord

__all__ = ["QuerySnapshot", "SequenceView", "TopicView", "evaluate_query"]


@dataclass(frozen=True)
class SequenceView:
    """What a query can see of a sequence; attributes carry the wire field names."""

    locator: str
    created_at_ns: int
    user_metadata: Mapping[str, Any]


@dataclass(frozen=True, eq=False)  # identity equality: views are dict keys, tables unhashable
class TopicView:
    """What a query can see of a topic; ``locator`` is ``/<name>`` relative to its sequence."""

    sequence: str
    locator: str
    ontology_tag: str
    serialization_format: str
    created_at_ns: int
    user_metadata: Mapping[str, Any]
    table: pa.Table | None
    chunk_ids: pa.Array | None = None
    chunks: int = 1


_Found = dict[TopicView, "TimeRange | None"]


@dataclass(frozen=True)
class QuerySnapshot:
    """Immutable views of the engine's sequences and topics, taken under its lock.

    Stored tables are never modified in place (a commit replaces them) and
    metadata is never changed after creation, so sharing them is safe and the
    evaluation itself can run without holding the lock.
    """

    sequences: tuple[SequenceView, ...]
    topics: tuple[TopicView, ...]

    @classmethod
    def take(
        cls, sequences: Iterable[SequenceRecord], topics: Iterable[TopicRecord]
    ) -> QuerySnapshot:
        """Views of ``sequences`` and ``topics``; call it while holding the engine lock."""
        return cls(
            tuple(SequenceView(s.name, s.created_at_ns, s.user_metadata) for s in sequences),
            tuple(
                TopicView(t.sequence_name, t.name, t.ontology_tag, t.serialization_format.value,
                          t.created_at_ns, t.user_metadata, t.table, t.chunk_ids,
                          t.chunks_number)
                for t in topics
            ),
        )


def evaluate_query(blocks: Mapping[str, Any], snapshot: QuerySnapshot) -> list[QueryHit]:
    """Sequences and topics of ``snapshot`` matching the wire query ``blocks``.

    Raises:
        InvalidRequestError: where mosaicod answers ``marshal error`` (and for the
            deliberate refusals above); the message names the field.
        QueryNotSupportedError: where mosaicod answers ``facade error``.
    """
    query = parse_query(blocks)
    check_query_supported(query)
    candidates = _candidates(query, snapshot)
    if query.ontology is None:
        return _hits({t: None for t in candidates} if query.filters_topics else {})
    groups = [
        _match_group(tests, [t for t in candidates if t.ontology_tag == tag],
                     query.include_timestamp_range)
        for tag, tests in query.ontology.items()
    ]
    # Groups combine by intersecting sequences and uniting their topics (§6.3.3).
    kept = set.intersection(*({t.sequence for t in found} for found in groups))
    merged: _Found = {}
    for found in groups:
        merged.update((t, r) for t, r in found.items() if t.sequence in kept)
    return _hits(merged)


def _passes(tests: tuple[FieldTest, ...], view: Any) -> bool:
    """Whether ``view`` meets every test of a block (no tests: it passes)."""
    return all(test.matches(view) for test in tests)


def _check_casts(tests: tuple[FieldTest, ...], views: Sequence[Any], what: str) -> None:
    """Refuse a metadata test whose cast PostgreSQL could fail on any of ``views``."""
    for test in tests:
        if test.path is None:
            continue
        for view in views:
            problem = cast_problem(test.condition, test.stored_text(view))
            if problem is not None:
                name = getattr(view, "sequence", "") + view.locator
                raise unsupported(test.condition.key, f"in {what} {name!r}, {problem}; "
                                  "mosaicod 0.3.0 fails the query when PostgreSQL cannot cast "
                                  "a metadata value to the type of the query value")


def _candidates(query: ParsedQuery, snapshot: QuerySnapshot) -> list[TopicView]:
    """Topics of the sequences passing the sequence block that pass the topic block."""
    _check_casts(query.sequence, snapshot.sequences, "sequence")
    _check_casts(query.topic, snapshot.topics, "topic")
    sequences = {s.locator for s in snapshot.sequences if _passes(query.sequence, s)}
    return [t for t in snapshot.topics if t.sequence in sequences and _passes(query.topic, t)]


def _match_group(tests: list[ColumnTest], topics: list[TopicView], want_range: bool) -> _Found:
    """Topics (all of one tag) mosaicod finds for these tests, and their ranges if wanted."""
    stored = [(t, t.table) for t in topics if t.table is not None]
    for test in tests:
        # A path no stored topic of the tag knows is a mistake in the query, not "no match".
        if stored and all(column_type(table.schema, test.path) is None for _, table in stored):
            raise invalid(test.condition.key, "no topic with this ontology tag has that column")
    found: _Found = {}
    for topic, table in stored:
        mask = row_mask(table, tests)
        if mask is None:
            continue  # a column this topic lacks: no statistics, no chunk searched
        chunked = ChunkedTopic(table, topic.chunk_ids, topic.chunks)
        matched, span = search_chunks(chunked, tests, mask, want_range)
        if matched:
            found[topic] = span
    return found


def _hits(found: _Found) -> list[QueryHit]:
    """``found`` grouped by sequence, sequences by name and topics by name."""
    by_sequence: dict[str, list[QueryTopicHit]] = defaultdict(list)
    for topic, time_range in found.items():
        by_sequence[topic.sequence].append(QueryTopicHit(topic.locator, time_range))
    return [
        QueryHit(name, tuple(sorted(by_sequence[name], key=lambda hit: hit.name)))
        for name in sorted(by_sequence)
    ]
