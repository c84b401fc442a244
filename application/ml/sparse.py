"""Several topics' window tables as one sparse pandas frame sorted by time.

The frame is the official extractor's: ``timestamp_ns``, then every topic's columns in
topic order, one row per message (stable sort on time: equal times keep the topics' order,
then each topic's stored order), the other topics' cells missing. The values are what
pandas' ``concat`` of the topics' own frames gives: an integer column with a missing cell
becomes ``float64``, an object column holds ``NaN`` in the other topics' rows and ``None``
for its own nulls. The index is each row's position in the topics-one-after-the-other order.

Built topic by topic, not row by row, and without one wide Arrow table: a topic's numeric
columns (floats, and integers) come out of Arrow as one 2-D array per dtype and are
scattered straight into the frame's block of that dtype, the block layout pandas keeps
anyway, so the frame is made without copying or consolidating again. Lists and binary go
into one object block; every other column (strings, booleans, times, ...) goes through
``pyarrow``'s own conversion, so it converts exactly as ``Table.to_pandas`` does. How a
topic's columns convert is worked out once per schema.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from .blocks import frame_from_blocks

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["sparse_frame"]

TIMESTAMP = "timestamp_ns"
_F64, _F32, _OBJECT = np.dtype(np.float64), np.dtype(np.float32), np.dtype(object)


@functools.cache
def _empty_parts_count() -> bool:
    """Whether pandas' ``concat`` widens a column for a part without it even when that part
    has no rows: then, with several topics in a window, an integer column is always
    ``float64`` and a boolean one ``object``. Asked of pandas itself, once (pandas 3 and
    2.2 do; older ones ignored empty parts, some with a deprecation warning)."""
    import warnings

    import pandas as pd

    empty = pd.DataFrame({"other": pd.Series([], dtype="float64")})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        joined = pd.concat([empty, pd.DataFrame({"value": [1]})], ignore_index=True)
    return bool(joined["value"].dtype.kind == "f")


def _as_objects(kind: pa.DataType) -> bool:
    """Lists and binary: object arrays of numpy arrays / bytes (``None`` for nulls), made
    directly; pandas would make the same ones."""
    return bool(pa.types.is_list(kind) or pa.types.is_large_list(kind)
                or pa.types.is_fixed_size_list(kind) or pa.types.is_binary(kind)
                or pa.types.is_large_binary(kind) or pa.types.is_fixed_size_binary(kind))


@dataclass(frozen=True)
class _Plan:
    """How one topic table's columns (all but the timestamp, by index in ``names``)
    convert: ``f64`` and ``f32`` floats, ``ints``, ``objects`` (lists, binary), ``rest``."""

    names: tuple[str, ...]
    f64: tuple[int, ...]
    f32: tuple[int, ...]
    ints: tuple[int, ...]
    objects: tuple[int, ...]
    rest: tuple[int, ...]


@functools.lru_cache(maxsize=64)
def _plan(schema: pa.Schema) -> _Plan:
    fields = [f for f in schema if f.name != TIMESTAMP]
    groups: dict[str, list[int]] = {"f64": [], "f32": [], "ints": [], "objects": [], "rest": []}
    for i, field in enumerate(fields):
        kind = field.type
        group = ("f64" if pa.types.is_float64(kind) else "f32" if pa.types.is_float32(kind)
                 else "ints" if pa.types.is_integer(kind)
                 else "objects" if _as_objects(kind) else "rest")
        groups[group].append(i)
    return _Plan(tuple(f.name for f in fields), **{k: tuple(v) for k, v in groups.items()})


def _matrix(table: pa.Table, names: list[str], dtype: np.dtype[Any]) -> np.ndarray:
    """Numeric columns as one ``(columns, rows)`` array of ``dtype`` (nulls ``NaN``): one
    conversion in Arrow (``RecordBatch.to_tensor``, pyarrow 16), else column by column."""
    if table.num_rows == 0:
        return np.empty((len(names), 0), dtype=dtype)
    batch = table.select(names).combine_chunks().to_batches()[0]
    try:
        tensor = batch.to_tensor(null_to_nan=True, row_major=False)
    except (AttributeError, TypeError, pa.ArrowNotImplementedError):  # older pyarrow
        return _stacked(batch, dtype)
    values: np.ndarray = np.asarray(tensor).T
    return values if values.dtype == dtype else values.astype(dtype)


def _stacked(batch: pa.RecordBatch, dtype: np.dtype[Any]) -> np.ndarray:
    """:func:`_matrix` column by column."""
    out = np.empty((batch.num_columns, batch.num_rows), dtype=dtype)
    for row, column in enumerate(batch.columns):
        out[row] = column.to_numpy(zero_copy_only=False)
    return out


class _Blocks:
    """The frame's columns as pandas blocks: numeric ones in one 2-D array per dtype, lists
    and binary in one object array, the others one by one."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.names: list[str] = []
        self.grouped: dict[np.dtype[Any], list[tuple[list[int], np.ndarray, Any]]] = {}
        self.single: list[tuple[int, Any]] = []

    def place(self, names: tuple[str, ...]) -> int:
        """Add columns; the first one's place."""
        first = len(self.names)
        self.names.extend(names)
        return first

    def add(self, dtype: np.dtype[Any], places: list[int], where: np.ndarray,
            values: Any) -> None:
        """Columns of ``dtype`` whose rows ``where`` hold ``values`` (``(columns, rows)``);
        their other rows are missing."""
        self.grouped.setdefault(dtype, []).append((places, where, values))

    def fill(self, place: int, values: Any) -> None:
        self.single.append((place, values))

    def frame(self, index: np.ndarray) -> pd.DataFrame:
        blocks: list[tuple[Any, np.ndarray]] = []
        for dtype, parts in self.grouped.items():
            places = [p for part in parts for p in part[0]]
            block = np.full((len(places), self.rows), np.nan if dtype.kind in "fO" else 0,
                            dtype=dtype)
            row = 0
            for part_places, where, values in parts:
                block[row:row + len(part_places), where] = values
                row += len(part_places)
            blocks.append((block, np.array(places, dtype=np.intp)))
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
    owner = np.repeat(np.arange(len(tables)), [len(s) for s in stamps])[order]
    blocks = _Blocks(rows)
    blocks.fill(blocks.place((TIMESTAMP,)), joined[order])
    widened = len(tables) > 1 and _empty_parts_count()
    start = 0
    for topic, table in enumerate(tables):
        size = len(stamps[topic])
        plan = _plan(table.schema)
        first = blocks.place(plan.names)
        where = position[start:start + size]
        start += size
        _add_numeric(blocks, table, plan, first, where, size < rows or widened)
        for i in plan.objects:
            values = np.empty((1, size), dtype=object)
            values[0] = table.column(plan.names[i]).to_numpy(zero_copy_only=False)
            blocks.add(_OBJECT, [first + i], where, values)
        if plan.rest:
            others = owner != topic
            spread = _spread(where, others)
            for i in plan.rest:
                _add_rest(blocks, first + i, table.column(plan.names[i]), spread, others,
                          widened)
    return blocks.frame(order)


def _add_numeric(blocks: _Blocks, table: pa.Table, plan: _Plan, first: int,
                 where: np.ndarray, missing: bool) -> None:
    """A topic's floats, and its integers: ``float64`` where a cell is missing (``missing``:
    another topic has a row, or pandas widens them anyway), else their own dtype."""
    wide = list(plan.f64)
    for i in plan.ints:
        column = table.column(plan.names[i])
        if missing or column.null_count:
            wide.append(i)
        else:
            dtype = np.dtype(column.type.to_pandas_dtype())
            blocks.add(dtype, [first + i], where, column.to_numpy().reshape(1, -1))
    for dtype, chosen in ((_F64, sorted(wide)), (_F32, list(plan.f32))):
        if chosen:
            values = _matrix(table, [plan.names[i] for i in chosen], dtype)
            blocks.add(dtype, [first + i for i in chosen], where, values)


@functools.lru_cache(maxsize=32)
def _string_dtype(kind: pa.DataType) -> Any:
    """The pandas extension dtype ``to_pandas`` makes of a string type (pandas' ``str``), or
    ``None`` (no extension dtype: object strings). Converting through it directly is what
    pyarrow does for such a column, without its per-call planning."""
    is_view = getattr(pa.types, "is_string_view", None)  # pyarrow 16
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)
            or (is_view is not None and is_view(kind))):
        return None
    dtype = pa.array([], kind).to_pandas().dtype
    return None if isinstance(dtype, np.dtype) or not hasattr(dtype, "__from_arrow__") \
        else dtype


def _add_rest(blocks: _Blocks, place: int, column: pa.ChunkedArray, spread: pa.Array,
              others: np.ndarray, widened: bool) -> None:
    """A column of another type (strings, booleans, times, ...): spread over the frame's
    rows in Arrow (``spread``: the take indices, null in the other topics' rows), then
    converted as pyarrow's ``to_pandas`` does (one column at a time: a table's conversion
    costs more, with its metadata and frame)."""
    taken = column.take(spread)
    string = _string_dtype(column.type)
    if string is not None:
        blocks.fill(place, string.__from_arrow__(taken))
        return
    series = taken.to_pandas(use_threads=False)
    values = series.to_numpy() if isinstance(series.dtype, np.dtype) else series.array
    if widened and isinstance(values, np.ndarray) and values.dtype == bool:
        values = values.astype(object)
    blocks.fill(place, _others_missing(values, others))


def _spread(where: np.ndarray, others: np.ndarray) -> pa.Array:
    """Take indices putting a topic's rows at ``where`` and nulls in the ``others``."""
    index = np.zeros(len(others), dtype=np.int64)
    index[where] = np.arange(len(where))
    return pa.array(index, mask=others)
