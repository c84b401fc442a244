"""Several topics' window tables as one sparse pandas frame sorted by time.

The frame is the official extractor's: ``timestamp_ns``, then every topic's columns in
topic order, one row per message (stable sort on time: equal times keep the topics' order,
then each topic's stored order), the other topics' cells missing. The values are what
pandas' ``concat`` of the topics' own frames gives: an integer column with a missing cell
becomes ``float64``, an object column holds ``NaN`` in the other topics' rows and ``None``
for its own nulls. The index is each row's position in the topics-one-after-the-other order.

Built column by column, not row by row, and without one wide Arrow table: numeric columns
(floats, and integers) are scattered straight into one 2-D numpy block per dtype, the
block layout pandas keeps anyway, so the frame is made without copying or consolidating
again. Every other column (strings, lists, binary, booleans, times, ...) goes through
``pyarrow``'s own conversion, so it converts exactly as ``Table.to_pandas`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from .blocks import frame_from_blocks

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["sparse_frame"]

TIMESTAMP = "timestamp_ns"


def _empty_parts_count() -> bool:
    """Whether pandas' ``concat`` widens a column for a part without it even when that part
    has no rows (pandas 3; pandas 2 ignored empty parts): then, with several topics in a
    window, an integer column is always ``float64`` and a boolean one ``object``."""
    import pandas as pd

    return int(pd.__version__.split(".")[0]) >= 3


def _numeric_dtype(column: pa.ChunkedArray, missing: bool) -> np.dtype[Any] | None:
    """The numpy dtype of a numeric column in the frame (``None``: not a numeric column).
    ``missing``: the column has a missing cell (a null, or another topic's row)."""
    kind = column.type
    if pa.types.is_float32(kind) or pa.types.is_float64(kind):
        return np.dtype(np.float32 if pa.types.is_float32(kind) else np.float64)
    if pa.types.is_integer(kind):
        return np.dtype(np.float64) if missing else np.dtype(kind.to_pandas_dtype())
    return None


class _Blocks:
    """The frame's columns as pandas blocks: numeric ones in one 2-D array per dtype."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.names: list[str] = []
        self.numeric: dict[np.dtype[Any], list[tuple[int, np.ndarray, np.ndarray]]] = {}
        self.single: list[tuple[int, Any]] = []

    def add_numeric(self, name: str, dtype: np.dtype[Any], where: np.ndarray,
                    values: np.ndarray) -> None:
        self.numeric.setdefault(dtype, []).append((len(self.names), where, values))
        self.names.append(name)

    def add_single(self, name: str, values: Any) -> None:
        self.single.append((len(self.names), values))
        self.names.append(name)

    def reserve(self, name: str) -> int:
        """A place for a column filled later (:meth:`fill`)."""
        self.names.append(name)
        return len(self.names) - 1

    def fill(self, place: int, values: Any) -> None:
        self.single.append((place, values))

    def frame(self, index: np.ndarray) -> pd.DataFrame:
        blocks: list[tuple[Any, np.ndarray]] = []
        for dtype, parts in self.numeric.items():
            full = np.nan if dtype.kind == "f" else 0
            block = np.full((len(parts), self.rows), full, dtype=dtype)
            for row, (_, where, values) in enumerate(parts):
                block[row, where] = values
            blocks.append((block, np.array([p[0] for p in parts], dtype=np.intp)))
        for place, values in self.single:
            if isinstance(values, np.ndarray):
                values = values.reshape(1, -1)
            blocks.append((values, np.array([place], dtype=np.intp)))
        return frame_from_blocks(blocks, self.names, index)


def _others_missing(values: Any, others: np.ndarray) -> Any:
    """An object column with ``NaN`` (what pandas' concat puts there) in the other topics'
    rows; other dtypes already show those rows as missing."""
    if isinstance(values, np.ndarray) and values.dtype == object and others.any():
        values = values.copy()
        values[others] = np.nan
    return values


def sparse_frame(tables: list[pa.Table]) -> pd.DataFrame:
    """The topics' window tables (``timestamp_ns`` plus flattened, prefixed columns) as one
    sparse frame sorted by time (see the module doc)."""
    stamps = [np.asarray(t.column(TIMESTAMP).to_numpy(), dtype=np.int64) for t in tables]
    joined = np.concatenate(stamps) if stamps else np.empty(0, np.int64)
    rows = len(joined)
    order = np.argsort(joined, kind="stable")
    position = np.empty(rows, dtype=np.intp)
    position[order] = np.arange(rows)
    blocks = _Blocks(rows)
    blocks.add_single(TIMESTAMP, joined[order])
    rest: dict[str, tuple[int, pa.ChunkedArray, int]] = {}
    owner = np.repeat(np.arange(len(tables)), [len(s) for s in stamps])[order]
    start = 0
    widened = len(tables) > 1 and _empty_parts_count()
    for topic, (table, size) in enumerate(zip(tables, (len(s) for s in stamps), strict=True)):
        where = position[start:start + size]
        for name, column in zip(table.column_names, table.columns, strict=True):
            if name == TIMESTAMP:
                continue
            missing = size < rows or column.null_count > 0 or widened
            dtype = _numeric_dtype(column, missing)
            if dtype is None:
                rest[name] = (blocks.reserve(name), column, topic)
                continue
            values = column.to_numpy() if column.null_count == 0 else \
                column.to_numpy(zero_copy_only=False)
            blocks.add_numeric(name, dtype, where, values)
        start += size
    if rest:
        _convert_rest(blocks, rest, position, stamps, owner, widened)
    return blocks.frame(order)


def _as_objects(kind: pa.DataType) -> bool:
    """Lists and binary: object arrays of numpy arrays / bytes (``None`` for nulls), made
    directly; pandas would make the same ones."""
    return bool(pa.types.is_list(kind) or pa.types.is_large_list(kind)
            or pa.types.is_fixed_size_list(kind) or pa.types.is_binary(kind)
            or pa.types.is_large_binary(kind) or pa.types.is_fixed_size_binary(kind))


def _convert_rest(blocks: _Blocks, rest: dict[str, tuple[int, pa.ChunkedArray, int]],
                  position: np.ndarray, stamps: list[np.ndarray], owner: np.ndarray,
                  widened: bool) -> None:
    """Non-numeric columns. Lists and binary are scattered into object arrays (``NaN`` in
    the other topics' rows); the others are spread over the frame's rows in Arrow (nulls
    elsewhere) and converted by pyarrow's ``to_pandas``."""
    rows = len(position)
    starts = np.concatenate(([0], np.cumsum([len(s) for s in stamps])))
    takers: dict[int, pa.Array] = {}
    spread: dict[str, pa.ChunkedArray] = {}
    for name, (place, column, topic) in rest.items():
        where = position[starts[topic]:starts[topic + 1]]
        if _as_objects(column.type):
            values = np.full(rows, np.nan, dtype=object)
            values[where] = column.to_numpy(zero_copy_only=False)
            blocks.fill(place, values)
            continue
        if topic not in takers:
            index = np.zeros(rows, dtype=np.int64)
            index[where] = np.arange(len(where))
            takers[topic] = pa.array(index, mask=owner != topic)
        spread[name] = column.take(takers[topic])
    for name, column in spread.items():
        # one column at a time: a table's to_pandas costs more (metadata, a frame)
        series = column.to_pandas(use_threads=False)
        values = series.to_numpy() if isinstance(series.dtype, np.dtype) else series.array
        if widened and isinstance(values, np.ndarray) and values.dtype == bool:
            values = values.astype(object)
        place, _, topic = rest[name]
        blocks.fill(place, _others_missing(values, owner != topic))
