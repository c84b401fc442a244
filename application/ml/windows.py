"""Time windows over several topics, read as Arrow tables, streaming.

Each topic is read with **one** server stream over the whole range; its record batches
are flattened (struct columns become ``parent<sep>child`` columns; lists and binary
columns such as image data stay as they are) and cut at the window bounds with a binary
search on ``timestamp_ns``. A topic holds at most its current window plus the rest of one
record batch, so memory is bounded by the window, whatever the sequence length.

Bounds: the range is ``[start, end)``; without ``end`` it ends just after the last
message (the last message is included). Windows are ``[start + k*w, start + (k+1)*w)``,
the last one cut at ``end``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

import numpy as np
import pyarrow as pa

from mosaicolabs.domain.names import clean_topic_name

from ..reading.streamers import TopicDataStreamer

if TYPE_CHECKING:  # pragma: no cover
    from ..handlers import SequenceHandler

__all__ = ["TIMESTAMP", "TopicCursor", "Window", "flatten_columns", "plan", "topic_windows",
           "wide_table", "windows"]

TIMESTAMP = "timestamp_ns"
SECOND = 1_000_000_000


def _flatten_into(name: str, column: pa.ChunkedArray, separator: str, names: list[str],
                  columns: list[pa.ChunkedArray]) -> None:
    kind = column.type
    if pa.types.is_struct(kind):
        for i, child in enumerate(column.flatten()):
            _flatten_into(f"{name}{separator}{kind.field(i).name}", child, separator, names,
                          columns)
    else:
        names.append(name)
        columns.append(column)


def flatten_columns(table: pa.Table, prefix: str = "", separator: str = ".") -> pa.Table:
    """``table`` with struct columns flattened recursively into ``a<sep>b`` columns, every
    column but ``timestamp_ns`` renamed ``prefix + name``; lists and binary stay whole.

    A module-level recursion, not a nested closure: a self-referencing closure is a
    reference cycle that kept every batch's columns alive until the garbage collector ran
    (memory grew with the sequence, not the window)."""
    names: list[str] = []
    columns: list[pa.ChunkedArray] = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        if name == TIMESTAMP:
            names.append(name)
            columns.append(column)
        else:
            _flatten_into(prefix + name, column, separator, names, columns)
    return pa.Table.from_arrays(columns, names=names)


def _timestamps(table: pa.Table) -> np.ndarray:
    return np.asarray(table.column(TIMESTAMP).to_numpy(), dtype=np.int64)


class TopicCursor:
    """One topic's stream, handed out window by window (flattened, prefixed)."""

    def __init__(self, streamer: TopicDataStreamer, topic: str, separator: str = ".") -> None:
        self.topic = topic
        self._streamer = streamer
        tag = streamer.ontology_tag
        self.prefix = f"{topic}{separator}{tag}{separator}" if tag else f"{topic}{separator}"
        self._separator = separator
        self._batches = streamer.iter_batches()
        self._buffer: pa.Table | None = None
        self._ts = np.empty(0, np.int64)
        self._exhausted = False

    def _pull_until(self, end_ns: int) -> None:
        parts: list[pa.Table] = [] if self._buffer is None else [self._buffer]
        stamps = [self._ts]
        last = int(self._ts[-1]) if len(self._ts) else None
        while not self._exhausted and (last is None or last < end_ns):
            batch = next(self._batches, None)
            if batch is None:
                self._exhausted = True
                break
            if batch.num_rows == 0:
                continue
            table = flatten_columns(pa.Table.from_batches([batch]), self.prefix,
                                    self._separator)
            parts.append(table)
            stamps.append(_timestamps(table))
            last = int(stamps[-1][-1])
        if len(parts) > (self._buffer is not None):
            self._buffer = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
            self._ts = np.concatenate(stamps)

    def take(self, start_ns: int, end_ns: int) -> pa.Table | None:
        """Rows of ``[start, end)``; ``None`` once no row at or after ``start`` is left."""
        self._pull_until(end_ns)
        buffer = self._buffer
        if buffer is None:
            return None
        first = int(np.searchsorted(self._ts, start_ns, "left"))
        cut = int(np.searchsorted(self._ts, end_ns, "left"))
        if first >= len(self._ts):
            self._buffer, self._ts = None, np.empty(0, np.int64)
            return None  # exhausted: a stream left open always holds a row >= end
        part = buffer.slice(first, cut - first)
        self._buffer, self._ts = buffer.slice(cut), self._ts[cut:]
        return part

    def empty(self) -> pa.Table:
        """A 0-row table with the topic's flattened, prefixed columns."""
        return flatten_columns(self._streamer.schema.empty_table(), self.prefix,
                               self._separator)

    def peek(self) -> pa.Table | None:
        """The first row after the last window taken (its next sample), if any."""
        return None if self._buffer is None or len(self._ts) == 0 else self._buffer.slice(0, 1)

    def close(self) -> None:
        self._streamer.close()


@dataclass(frozen=True)
class Window:
    """One window ``[start_ns, end_ns)``: topic -> its rows (flattened, prefixed columns).

    A topic with no message left at or after ``start_ns`` is absent; one with later
    messages but none in the window has an empty table."""

    start_ns: int
    end_ns: int
    tables: dict[str, pa.Table]


def plan(handler: SequenceHandler, topics: list[str] | None, start_ns: int | None,
         end_ns: int | None) -> tuple[list[str], int, int] | None:
    """Topics with data (in the sequence's order) and the clamped ``[start, end)``;
    ``None`` if the sequence holds no data."""
    low, high = handler.timestamp_ns_min, handler.timestamp_ns_max
    if low is None or high is None:
        return None
    wanted = {clean_topic_name(t) for t in topics} if topics else None
    unknown = sorted((wanted or set()) - set(handler.topics))
    if unknown:
        raise ValueError(f"unknown topics {unknown}; the sequence has {handler.topics}")
    with_data = {t.name for t in handler.snapshot.topics if t.time_range is not None}
    names = [t for t in handler.topics if t in with_data and (wanted is None or t in wanted)]
    start = low if start_ns is None else max(start_ns, low)
    end = high + 1 if end_ns is None else min(end_ns, high + 1)
    return names, start, end


def open_cursors(handler: SequenceHandler, names: list[str], start: int, end: int,
                 separator: str) -> list[TopicCursor]:
    """One cursor (one server stream over ``[start, end)``) per topic."""
    return [TopicCursor(handler.get_topic_handler(name).get_data_streamer(start, end), name,
                        separator) for name in names]


def topic_windows(handler: SequenceHandler, topics: list[str] | None = None,
                  window_ns: int = 5 * SECOND, *, start_ns: int | None = None,
                  end_ns: int | None = None, separator: str = ".") -> Iterator[Window]:
    """The windows of ``[start, end)``, each with the rows of every topic.

    Args:
        handler: The sequence.
        topics: Topic names (``None``: every topic with data).
        window_ns: Window length (ns, > 0).
        start_ns: Inclusive start (default: the first message).
        end_ns: Exclusive end (default: just after the last message).
        separator: Joins topic, ontology tag and the nested field names.
    """
    if window_ns <= 0:
        raise ValueError(f"window_ns must be > 0, not {window_ns}")
    planned = plan(handler, topics, start_ns, end_ns)
    if planned is None:
        return
    names, start, end = planned
    cursors = open_cursors(handler, names, start, end, separator)
    try:
        for low in range(start, end, window_ns):
            high = min(low + window_ns, end)
            tables = {c.topic: t for c in cursors if (t := c.take(low, high)) is not None}
            yield Window(low, high, tables)
    finally:
        for cursor in cursors:
            cursor.close()


def wide_table(tables: list[pa.Table]) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """One sparse table of several topics' rows sorted by time (stable: equal times keep
    the topics' order and each topic's stored order; other topics' columns are null).

    Returns:
        The table, each row's position in the topics' concatenation, each row's topic index.
    """
    if not tables:
        return pa.table({TIMESTAMP: pa.array([], pa.int64())}), np.empty(0, np.int64), \
            np.empty(0, np.int64)
    joined = pa.concat_tables(tables, promote_options="default")
    stamps = _timestamps(joined) if joined.num_rows else np.empty(0, np.int64)
    order = np.argsort(stamps, kind="stable")
    owner = np.repeat(np.arange(len(tables)), [t.num_rows for t in tables])[order]
    return joined.take(pa.array(order)), order, owner


def windows(handler: SequenceHandler, topics: list[str] | None = None,
            window_ns: int = 5 * SECOND, *, start_ns: int | None = None,
            end_ns: int | None = None, separator: str = ".") -> Iterator[pa.Table]:
    """Sparse wide tables, one per window (see :func:`topic_windows` for the arguments):
    ``timestamp_ns`` then ``{topic}.{tag}.{field}`` columns, rows sorted by time, each row
    one message (the other topics' columns null); every window is yielded, even empty."""
    for window in topic_windows(handler, topics, window_ns, start_ns=start_ns, end_ns=end_ns,
                                separator=separator):
        yield wide_table(list(window.tables.values()))[0]
