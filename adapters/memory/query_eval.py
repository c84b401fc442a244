"""Evaluation of the ``query`` action over a snapshot of the engine (protocol.md §6.3).

1. Candidate topics: topics whose sequence passes the ``sequence`` block and
   which pass the ``topic`` block (every topic when both are absent).
2. Without ontology conditions the candidates are the answer, grouped by
   sequence (a sequence without topics never appears).
3. Ontology conditions are grouped by tag. A candidate topic with that tag
   matches when one stored row satisfies every condition of the group (see
   :mod:`.query_columns`). Groups combine by intersecting sequences and uniting
   their topics.
4. ``include_timestamp_range`` gives each matched topic ``[min, max]`` of
   ``timestamp_ns`` over its matching rows *in one stored chunk*, as mosaicod
   0.3.0 computes it: per chunk, keeping the last chunk (in upload order) that
   holds a match. Below mosaicod's chunk size (256 MiB) a topic is one chunk,
   so this is the range over all its matching rows.

Results are ordered by sequence name, topics by name (§12.8).

Decisions beyond the protocol: an ontology path absent from *every* candidate
topic of its tag that has stored data is an :class:`InvalidRequestError` (the
key is surely misspelt); when only some lack it, those just do not match, and
topics without data never decide. An ontology block holding only
``include_timestamp_range`` filters nothing and reports each topic's full range.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import pyarrow as pa
import pyarrow.compute as pc

from mosaicolabs.domain.catalog import TimeRange
from mosaicolabs.domain.query_result import QueryHit, QueryTopicHit

from .query_columns import ColumnTest, column_type, matching_range, row_mask
from .query_ops import invalid
from .query_parse import FieldTest, ParsedQuery, parse_query
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
                          t.created_at_ns, t.user_metadata, t.table, t.chunk_ids)
                for t in topics
            ),
        )


def evaluate_query(blocks: Mapping[str, Any], snapshot: QuerySnapshot) -> list[QueryHit]:
    """Sequences and topics of ``snapshot`` matching the wire query ``blocks``.

    Raises:
        InvalidRequestError: malformed blocks, or ontology conditions that do not
            fit the stored columns; the message names the field.
    """
    query = parse_query(blocks)
    candidates = _candidates(query, snapshot)
    if not query.ontology:
        want = query.include_timestamp_range
        found = {t: _full_range(t) if want else None for t in candidates}
        return _hits(found)
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


def _candidates(query: ParsedQuery, snapshot: QuerySnapshot) -> list[TopicView]:
    """Topics of the sequences passing the sequence block that pass the topic block."""
    sequences = {s.locator for s in snapshot.sequences if _passes(query.sequence, s)}
    return [t for t in snapshot.topics if t.sequence in sequences and _passes(query.topic, t)]


def _full_range(topic: TopicView) -> TimeRange | None:
    """The span of all stored rows; ``None`` without data."""
    return None if topic.table is None else matching_range(topic.table)


def _match_group(tests: list[ColumnTest], topics: list[TopicView], want_range: bool) -> _Found:
    """Topics (all of one tag) with a row meeting every test, and their ranges if wanted."""
    stored = [(t, t.table) for t in topics if t.table is not None]
    for test in tests:
        # A path no stored topic of the tag knows is a mistake in the query, not "no match".
        if stored and all(column_type(table.schema, test.path) is None for _, table in stored):
            raise invalid(test.condition.key, "no topic with this ontology tag has that column")
    found: _Found = {}
    for topic, table in stored:
        mask = row_mask(table, tests)
        if mask is None or not pc.any(mask).as_py():
            continue
        found[topic] = _chunk_range(table, mask, topic.chunk_ids) if want_range else None
    return found


def _chunk_range(
    table: pa.Table, mask: pa.ChunkedArray, ids: pa.Array | None
) -> TimeRange | None:
    """The matching rows' span in the last stored chunk holding one (mosaicod 0.3.0).

    mosaicod computes a range per chunk and keeps the last one it visits; its chunk
    rows come back in insertion order, so that is the last chunk uploaded.
    """
    if ids is None:
        return matching_range(table, mask)
    in_chunks = pa.chunked_array([ids])
    for chunk in range(pc.max(ids).as_py(), -1, -1):
        rows = pc.and_(mask, pc.equal(in_chunks, chunk))
        if pc.any(rows).as_py():
            return matching_range(table, rows)
    return None


def _hits(found: _Found) -> list[QueryHit]:
    """``found`` grouped by sequence, sequences by name and topics by name."""
    by_sequence: dict[str, list[QueryTopicHit]] = defaultdict(list)
    for topic, time_range in found.items():
        by_sequence[topic.sequence].append(QueryTopicHit(topic.locator, time_range))
    return [
        QueryHit(name, tuple(sorted(by_sequence[name], key=lambda hit: hit.name)))
        for name in sorted(by_sequence)
    ]
