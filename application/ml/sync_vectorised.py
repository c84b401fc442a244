"""The built-in policies applied to every column of a frame at once.

For each column, the sample a tick takes is the last *present* row at or before it: one
running maximum over the rows' presence (a 2-D ``maximum.accumulate`` per dtype group),
indexed by the ticks' rows (``searchsorted``). Row 0 of each group is the sample carried
from the previous chunk. Numeric columns are read as one 2-D array per dtype; the other
columns (objects, strings) are read as their arrays, and only the rows the ticks take are
turned into Python objects. The result holds what the per-column path gives, value for
value and dtype for dtype (``test_ml.py`` compares the two).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .blocks import frame_from_blocks
from .policies import Array

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Layout", "joined_dtype", "layout_of", "resample"]

#: what a column's last sample is kept as between chunks: (timestamp, value)
Carry = dict[str, tuple[int, Any]]


@dataclass(frozen=True)
class Layout:
    """A frame's columns but the timestamp (``names``), grouped by position among ``names``:
    ``numeric`` per numpy dtype (in the frame's order) and ``objects`` (object and string
    columns)."""

    names: list[str]
    numeric: list[tuple[np.dtype[Any], list[int]]]
    objects: list[int]
    #: per numeric dtype, the timestamp's place among the frame's columns of that dtype
    timestamp_at: dict[np.dtype[Any], int]


def layout_of(names: list[str], kinds: list[Any], timestamp: str) -> Layout | None:
    """The layout of a frame with these column names and dtypes; ``None`` if the fast path
    does not apply (a duplicate name, or a dtype other than numpy's numbers, bools and
    objects, and pandas' strings)."""
    others = [n for n in names if n != timestamp]
    if len(others) != len(names) - 1 or len(set(others)) != len(others):
        return None
    numeric: dict[np.dtype[Any], list[int]] = {}
    objects: list[int] = []
    timestamp_at: dict[np.dtype[Any], int] = {}
    at = 0
    for j, (name, kind) in enumerate(zip(names, kinds, strict=True)):
        if name == timestamp:
            if isinstance(kind, np.dtype):
                timestamp_at[kind] = sum(1 for k in kinds[:j] if k == kind)
            continue
        if str(kind) == "str" or (isinstance(kind, np.dtype) and kind.kind == "O"):
            group = objects
        elif isinstance(kind, np.dtype) and kind.kind in "fiub":
            group = numeric.setdefault(kind, [])
        else:
            return None
        group.append(at)
        at += 1
    return Layout(others, list(numeric.items()), objects, timestamp_at)


def _pick(present: Array, rows: Array, carry_ts: Array, stamps: Array, grid: Array,
          limits: tuple[int | None, bool]) -> tuple[Array, Array, Array]:
    """Per tick and column: the row taken (0: the carried sample), whether one is, and the
    last present row of every column. ``present`` has the carried row first."""
    n = len(present) - 1
    # Columns of one topic are present on the same rows: the running maximum (the costliest
    # step) runs once per distinct presence pattern, in int32 (half the memory traffic).
    packed = np.ascontiguousarray(np.packbits(present, axis=0).T)
    patterns: dict[bytes, int] = {}
    first = [patterns.setdefault(p.tobytes(), j) for j, p in enumerate(packed)]
    distinct = sorted(set(first))
    inverse = np.searchsorted(distinct, first)
    last = np.where(present[:, distinct], np.arange(n + 1, dtype=np.int32)[:, None],
                    np.int32(-1))
    np.maximum.accumulate(last, axis=0, out=last)
    index = last[rows][:, inverse]
    keep = index >= 0
    max_age, inclusive = limits
    if max_age is not None:
        taken_ts = np.where(index == 0, carry_ts[None, :],
                            np.concatenate(([0], stamps))[np.maximum(index, 0)])
        age = grid[:, None] - taken_ts
        keep &= (age <= max_age) if inclusive else (age < max_age)
    return index, keep, last[n][inverse]


def joined_dtype(value: Any, dtype: np.dtype[Any]) -> np.dtype[Any]:
    """The dtype of a carried sample followed by samples of ``dtype``: numpy's promotion
    when both are numbers or booleans (what the official transformer's concatenation gives:
    a carried 2.5 makes an int column's chunk float), otherwise ``object`` (where numpy
    would turn numbers into strings, or a list value into a row of an array)."""
    if dtype.kind not in "biufc" or np.ndim(value) != 0 or isinstance(value, (str, bytes)):
        return np.dtype(object)
    joined = np.result_type(np.asarray([value]).dtype, dtype)
    return joined if joined.kind in "biufc" else np.dtype(object)


def _carry_fits(layout: Layout, carry: Carry) -> bool:
    """Whether every carried sample of a numeric column keeps its column's dtype (a float
    carried into an int column makes the chunk float: the per-column path does that)."""
    for kind, at in layout.numeric:
        for a in at:
            found = carry.get(layout.names[a])
            if found is not None and joined_dtype(found[1], kind) != kind:
                return False
    return True


def _carried(names: list[str], carry: Carry) -> tuple[Array, Array, list[Any]]:
    found = [carry.get(n) for n in names]
    present = np.array([c is not None for c in found], dtype=bool)
    stamps = np.array([c[0] if c is not None else 0 for c in found], dtype=np.int64)
    return present, stamps, [c[1] if c is not None else None for c in found]


def _numeric_values(X: pd.DataFrame, kind: np.dtype[Any], layout: Layout) -> Array:
    """The numeric columns of dtype ``kind`` but the timestamp, as one 2-D array (rows,
    columns). ``select_dtypes`` takes them about twice as fast as ``iloc`` with a list, and
    in the frame's order: the group's."""
    values = X.select_dtypes(include=[kind]).to_numpy(dtype=kind)
    skip = layout.timestamp_at.get(kind)
    return values if skip is None else np.delete(values, skip, axis=1)


def _numeric(X: pd.DataFrame, kind: np.dtype[Any], layout: Layout, names: list[str],
             carry: Carry, grid: Array, stamps: Array, rows: Array,
             limits: tuple[int | None, bool]) -> Array:
    """One numeric group's ticks as an object array ``(columns, ticks)``."""
    n = len(stamps)
    carried, carry_ts, carry_values = _carried(names, carry)
    values = np.empty((n + 1, len(names)), dtype=kind)
    values[1:] = _numeric_values(X, kind, layout)
    values[0] = [0 if v is None else v for v in carry_values]
    present = np.empty((n + 1, len(names)), dtype=bool)
    present[0] = carried
    if kind.kind == "f":
        np.logical_not(np.isnan(values[1:]), out=present[1:])
    else:
        present[1:] = True
    index, keep, last = _pick(present, rows, carry_ts, stamps, grid, limits)
    has = last >= 0
    taken = np.maximum(last, 0)
    when = np.where(last == 0, carry_ts, np.concatenate(([0], stamps))[taken])[has].tolist()
    sample = values[taken, np.arange(len(names))][has].tolist()
    carry.update(zip([m for m, h in zip(names, has.tolist(), strict=True) if h],
                     zip(when, sample, strict=True), strict=True))
    result: Array = np.take_along_axis(values, np.maximum(index, 0), axis=0).T.astype(object)
    result[~keep.T] = None
    return result


def _objects(X: pd.DataFrame, names: list[str], carry: Carry, grid: Array, stamps: Array,
             rows: Array, limits: tuple[int | None, bool]) -> Array:
    """The object and string columns' ticks as an object array ``(columns, ticks)``; only
    the rows taken are converted to Python objects."""
    n = len(stamps)
    carried, carry_ts, carry_values = _carried(names, carry)
    arrays = [X[name].array for name in names]  # by label (unique): cheaper than iloc
    present = np.empty((n + 1, len(names)), dtype=bool)
    present[0] = carried
    for j, array in enumerate(arrays):
        present[1:, j] = ~np.asarray(array.isna(), dtype=bool)
    index, keep, last = _pick(present, rows, carry_ts, stamps, grid, limits)
    result = np.full((len(names), len(grid)), None, dtype=object)
    for j, array in enumerate(arrays):
        taken = index[:, j]
        from_data = keep[:, j] & (taken > 0)
        if from_data.any():
            result[j, from_data] = np.asarray(array.take(taken[from_data] - 1), dtype=object)
        for tick in np.flatnonzero(keep[:, j] & (taken == 0)).tolist():
            result[j, tick] = carry_values[j]  # one by one: the value may be an array
        row = int(last[j])
        if row > 0:
            carry[names[j]] = (int(stamps[row - 1]), array[row - 1])
    return result


def resample(X: pd.DataFrame, layout: Layout, carry: Carry, grid: Array, stamps: Array,
             limits: tuple[int | None, bool], timestamp: str,
             check_carry: bool = True) -> pd.DataFrame | None:
    """The frame of ``grid``: ``timestamp`` then every column resampled, as object columns
    (those of only strings become pandas strings, as the per-column path's constructor
    makes them). ``carry`` is read and updated (each column's last sample). ``None``, with
    ``carry`` untouched, if a carried sample does not fit its column's dtype now (a column
    whose dtype changed between chunks): the per-column path then handles the chunk.
    ``check_carry=False`` skips that check, for a caller that knows the samples were carried
    by this same layout (so from columns of the same dtypes)."""
    import pandas as pd

    names = layout.names
    if check_carry and not _carry_fits(layout, carry):
        return None
    rows = np.searchsorted(stamps, grid, side="right")  # row 0: the carried sample
    blocks: list[tuple[Any, Array]] = [(grid.reshape(1, -1), np.array([0], dtype=np.intp))]
    for kind, at in layout.numeric:
        part = _numeric(X, kind, layout, [names[a] for a in at], carry, grid, stamps, rows,
                        limits)
        blocks.append((part, np.asarray(at, dtype=np.intp) + 1))
    at = layout.objects
    if at:
        part = _objects(X, [names[a] for a in at], carry, grid, stamps, rows, limits)
        inferred = pd.DataFrame(part.T, copy=False)  # strings become pandas strings
        for (_, series), place in zip(inferred.items(), at, strict=True):
            values = series.to_numpy() if isinstance(series.dtype, np.dtype) else series.array
            if isinstance(values, np.ndarray):
                values = values.reshape(1, -1)
            blocks.append((values, np.array([place + 1], dtype=np.intp)))
    return frame_from_blocks(blocks, [timestamp, *names], pd.RangeIndex(len(grid)))
