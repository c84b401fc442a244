"""Which stored chunks mosaicod 0.3.0 searches for an ontology condition, and what it finds.

mosaicod keeps, per stored chunk and column, the minimum and maximum of the values
(numbers and bools as doubles, NaN and nulls left out; strings compared bytewise, as
the C collation does). It reads a struct's child as stored, so a value a writer left
under a null struct counts there, though the row filter sees null. A query first
selects the chunks whose statistics pass *every* condition of a tag, then runs the row
filter (:mod:`.query_columns`) on each:

* ``$eq v``: ``min >= v and max <= v``: only a chunk whose values all equal ``v``;
* ``$lt v``: ``min < v``; ``$leq``: ``min <= v``; ``$gt``: ``max > v``; ``$geq``: ``max >= v``;
* ``$between [lo, hi]``: ``min <= hi and max >= lo``.

A chunk without a value in the column keeps the placeholders ``min = +1.8e308,
max = -1.8e308`` (``"", ""`` for strings), so ``$eq`` selects it whatever ``v`` is.

A topic matches when a selected chunk holds a row meeting every condition. With
``include_timestamp_range`` each selected chunk is asked for the span of its matching
rows: a selected chunk without one makes mosaicod fail the whole query (INTERNAL
``facade error``; we raise :class:`QueryNotSupportedError`), else the topic gets the
span of the last selected chunk in upload order.
"""

from __future__ import annotations

import sys
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc  # kernels by name: see query_columns._KERNELS

from mosaicolabs.domain.catalog import TimeRange

from .query_columns import ColumnTest, column_type, column_values, matching_range
from .query_ops import unsupported

__all__ = ["ChunkedTopic", "search_chunks"]

_NO_NUMBER = (sys.float_info.max, -sys.float_info.max)
_NO_TEXT = ("", "")
_Stats = tuple[Any, Any]


class ChunkedTopic:
    """A topic's stored rows with the chunk each came in.

    Args:
        table: The rows, sorted by time.
        chunk_ids: Each row's chunk number, or ``None`` when all rows are in chunk 0.
        chunks: How many chunks the upload made (a chunk may hold no row).
    """

    def __init__(self, table: pa.Table, chunk_ids: pa.Array | None, chunks: int) -> None:
        self.table = table
        self._ids = None if chunk_ids is None else pa.chunked_array([chunk_ids])
        # Never fewer chunks than the rows show (a record may predate the count).
        seen = 0 if table.num_rows == 0 else 1 if chunk_ids is None else \
            int(pc.call_function("max", [chunk_ids]).as_py()) + 1
        self.chunks = max(chunks, seen)

    def rows_of(self, chunk: int) -> pa.ChunkedArray | None:
        """A mask of the rows of ``chunk`` (``None``: every row is in it)."""
        return None if self._ids is None else pc.call_function("equal", [self._ids, chunk])

    def stats(self, path: tuple[str, ...]) -> list[_Stats]:
        """``(min, max)`` of the column at ``path`` in each chunk, as mosaicod stores them."""
        dtype = column_type(self.table.schema, path)
        values = column_values(self.table, path, as_stored=True)
        textual = pa.types.is_string(dtype) or pa.types.is_large_string(dtype)
        if not textual:
            values = values.cast(pa.float64(), safe=False)
            nan = pc.call_function("is_nan", [values])
            values = pc.call_function("if_else", [nan, None, values])
        empty = _NO_TEXT if textual else _NO_NUMBER
        found: dict[int, _Stats] = {}
        if self._ids is None:
            bounds = pc.call_function("min_max", [values])
            found[0] = (bounds["min"].as_py(), bounds["max"].as_py())
        else:
            grouped = pa.table({"chunk": self._ids, "v": values}).group_by("chunk") \
                .aggregate([("v", "min"), ("v", "max")]).to_pydict()
            found = {c: (lo, hi) for c, lo, hi in zip(grouped["chunk"], grouped["v_min"],
                                                      grouped["v_max"], strict=True)}
        stats = [found.get(chunk, empty) for chunk in range(self.chunks)]
        return [empty if lo is None else (lo, hi) for lo, hi in stats]


def _passes(test: ColumnTest, stats: _Stats) -> bool:
    """Whether a chunk with these statistics is searched for ``test``."""
    low, high = stats
    op, value = test.condition.op, test.condition.value
    if op == "$between":
        return bool(low <= _bound(value[1]) and high >= _bound(value[0]))
    bound = _bound(value)
    return bool({"$eq": low >= bound and high <= bound, "$lt": low < bound,
                 "$leq": low <= bound, "$gt": high > bound, "$geq": high >= bound}[op])


def _bound(value: Any) -> Any:
    """A query value as the database compares it with numeric statistics (a double)."""
    return value if isinstance(value, str) else float(value)


def search_chunks(topic: ChunkedTopic, tests: list[ColumnTest], mask: pa.ChunkedArray,
                  want_range: bool) -> tuple[bool, TimeRange | None]:
    """Whether ``topic`` matches, and the span mosaicod reports if ``want_range``.

    Args:
        topic: The topic's rows and chunks.
        tests: The conditions of one tag, all on columns the topic has.
        mask: The rows meeting every test (:func:`.query_columns.row_mask`).
        want_range: ``include_timestamp_range`` was asked.

    Raises:
        QueryNotSupportedError: with ``want_range``, a searched chunk has no matching row.
    """
    stats = [topic.stats(test.path) for test in tests]
    matched, span = False, None
    for chunk in range(topic.chunks):
        if not all(_passes(test, per_chunk[chunk]) for test, per_chunk in zip(tests, stats,
                                                                                strict=True)):
            continue
        in_chunk = topic.rows_of(chunk)
        rows = mask if in_chunk is None else pc.call_function("and", [mask, in_chunk])
        if want_range:
            span = matching_range(topic.table, rows)
            if span is None:
                raise unsupported(tests[0].condition.key, _NO_ROW)
            matched = True
        elif pc.call_function("any", [rows]).as_py():
            return True, None
    return matched, span


_NO_ROW = ("a stored chunk's statistics fit the conditions but none of its rows does; "
           "with include_timestamp_range, mosaicod 0.3.0 then fails the whole query")
