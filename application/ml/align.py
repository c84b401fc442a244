"""Aligned reads: several topics resampled onto one time grid, window by window.

For every tick ``t`` and topic, the sample used is the last one with ``ts <= t`` (of equal
timestamps, the last stored), carried across windows, and kept if the policy says so:

* ``"hold"``: always (``null`` only before the topic's first message);
* ``"asof"``: if ``t - ts <= tolerance_ns``;
* ``"drop"``: if ``t - ts < tolerance_ns`` (default: the grid step), i.e. the sample lies
  in ``(t - step, t]``.

With ``interpolate=True`` float and integer columns are interpolated linearly between
that sample and the next one (where the policy keeps the sample and a next one exists;
results are float64). Lists and binary columns (images) are taken as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, Literal, overload

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from .policies import last_at_or_before
from .windows import SECOND, TIMESTAMP, TopicCursor, open_cursors, plan

if TYPE_CHECKING:  # pragma: no cover
    from ..handlers import SequenceHandler

__all__ = ["aligned"]

Policy = Literal["hold", "asof", "drop"]


def _grid_step(hz: float | None, grid: npt.ArrayLike | None
               ) -> tuple[npt.NDArray[np.int64] | None, int]:
    """The explicit ticks (``None`` for a rate) and the grid step."""
    if (hz is None) == (grid is None):
        raise ValueError("give exactly one of hz and grid")
    if hz is not None:
        if hz <= 0:
            raise ValueError(f"hz must be > 0, not {hz}")
        return None, int(1e9 / hz)
    ticks = np.asarray(grid, dtype=np.int64)
    if len(ticks) > 1 and bool(np.any(np.diff(ticks) <= 0)):
        raise ValueError("grid must be strictly increasing")
    return ticks, int(np.min(np.diff(ticks))) if len(ticks) > 1 else 0


def _window_ticks(explicit: npt.NDArray[np.int64] | None, step: int, start: int, low: int,
                  high: int) -> npt.NDArray[np.int64]:
    """Ticks in ``[low, high)``: made per window for a rate (memory stays bounded)."""
    if explicit is not None:
        return explicit[np.searchsorted(explicit, low):np.searchsorted(explicit, high)]
    first = start + -(-(low - start) // step) * step
    return np.arange(first, high, step, dtype=np.int64)


def _numeric(kind: pa.DataType) -> bool:
    return bool(pa.types.is_floating(kind) or pa.types.is_integer(kind))


class _Aligner:
    """One topic's samples carried from window to window."""

    def __init__(self, cursor: TopicCursor, policy: Policy, max_age: int | None,
                 interpolate: bool) -> None:
        self.cursor = cursor
        self._policy, self._max_age, self._interpolate = policy, max_age, interpolate
        self._carry: pa.Table | None = None

    def columns(self, ticks: npt.NDArray[np.int64], start: int,
                end: int) -> list[tuple[str, pa.Array]]:
        part = self.cursor.take(start, end)
        pieces = [t for t in (self._carry, part) if t is not None and t.num_rows]
        if not pieces:  # no sample yet (a late topic): null columns
            return [(f.name, pa.nulls(len(ticks), pa.float64() if self._interpolate
                                      and _numeric(f.type) else f.type))
                    for f in self.cursor.empty().schema if f.name != TIMESTAMP]
        samples = pa.concat_tables(pieces) if len(pieces) > 1 else pieces[0]
        self._carry = samples.slice(samples.num_rows - 1)
        stamps = np.asarray(samples.column(TIMESTAMP).to_numpy(), np.int64)
        index = last_at_or_before(ticks, stamps)
        keep = index >= 0
        age = ticks - stamps[np.maximum(index, 0)]
        if self._policy == "asof" and self._max_age is not None:
            keep &= age <= self._max_age
        elif self._policy == "drop" and self._max_age is not None:
            keep &= age < self._max_age
        taken = samples.take(pa.array(np.maximum(index, 0), mask=~keep))
        following = self.cursor.peek() if self._interpolate else None
        out: list[tuple[str, pa.Array]] = []
        for name in samples.column_names:
            if name == TIMESTAMP:
                continue
            column = taken.column(name).combine_chunks()
            if self._interpolate and _numeric(column.type):
                column = self._lerp(samples, following, name, ticks, index, keep, age)
            out.append((name, column))
        return out

    @staticmethod
    def _lerp(samples: pa.Table, following: pa.Table | None, name: str,
              ticks: npt.NDArray[np.int64], index: npt.NDArray[np.intp],
              keep: npt.NDArray[np.bool_], age: npt.NDArray[np.int64]) -> pa.Array:
        rows = samples if following is None else pa.concat_tables([samples, following])
        stamps = np.asarray(rows.column(TIMESTAMP).to_numpy(), np.float64)
        values = np.asarray(rows.column(name).to_numpy(zero_copy_only=False), np.float64)
        safe = np.maximum(index, 0)
        result = np.where(keep, values[safe], np.nan)
        nxt = np.minimum(safe + 1, len(stamps) - 1)
        between = keep & (safe + 1 < len(stamps)) & (age > 0)
        span = stamps[nxt] - stamps[safe]
        with np.errstate(invalid="ignore", divide="ignore"):
            lerp = values[safe] + (values[nxt] - values[safe]) * (age / span)
        result = np.where(between & (span > 0), lerp, result)
        return pa.array(result, pa.float64(), from_pandas=True)


@overload
def aligned(handler: SequenceHandler, topics: list[str] | None = ..., hz: float | None = ...,
            *, grid: npt.ArrayLike | None = ..., policy: Policy = ...,
            tolerance_ns: int | None = ..., interpolate: bool = ..., window_ns: int = ...,
            start_ns: int | None = ..., end_ns: int | None = ..., separator: str = ...,
            output: Literal["arrow"] = ...) -> Iterator[pa.RecordBatch]: ...
@overload
def aligned(handler: SequenceHandler, topics: list[str] | None = ..., hz: float | None = ...,
            *, grid: npt.ArrayLike | None = ..., policy: Policy = ...,
            tolerance_ns: int | None = ..., interpolate: bool = ..., window_ns: int = ...,
            start_ns: int | None = ..., end_ns: int | None = ..., separator: str = ...,
            output: Literal["numpy"]) -> Iterator[dict[str, npt.NDArray[Any]]]: ...
def aligned(handler: SequenceHandler, topics: list[str] | None = None, hz: float | None = None,
            *, grid: npt.ArrayLike | None = None, policy: Policy = "hold",
            tolerance_ns: int | None = None, interpolate: bool = False,
            window_ns: int = 5 * SECOND, start_ns: int | None = None,
            end_ns: int | None = None, separator: str = ".", output: str = "arrow",
            ) -> Iterator[Any]:
    """The topics resampled on a grid, one record batch (or dict of numpy arrays) per window.

    Args:
        handler: The sequence.
        topics: Topic names (``None``: every topic with data).
        hz: Grid rate: ticks ``start + k * int(1e9 / hz)`` in ``[start, end)``.
        grid: Or explicit, strictly increasing ticks (ns); those outside the range are dropped.
        policy: ``"hold"``, ``"asof"`` (needs ``tolerance_ns``) or ``"drop"``.
        tolerance_ns: Maximum sample age for ``"asof"``; window of ``"drop"`` (default step).
        interpolate: Linear interpolation of numeric columns.
        window_ns: Ticks (and rows read) per output batch; bounds memory.
        start_ns, end_ns: The range ``[start, end)`` (default: the whole sequence, its last
            message included).
        separator: Joins topic, tag and nested field names.
        output: ``"arrow"`` (``pa.RecordBatch``) or ``"numpy"`` (column name -> array;
            numeric columns with gaps become float with NaN, others object arrays).

    Every batch has the same columns: a topic without a sample yet has null columns.
    """
    if policy not in ("hold", "asof", "drop"):
        raise ValueError(f"unknown policy {policy!r}")
    if policy == "asof" and tolerance_ns is None:
        raise ValueError("policy 'asof' needs tolerance_ns")
    if output not in ("arrow", "numpy"):
        raise ValueError(f"output must be 'arrow' or 'numpy', not {output!r}")
    planned = plan(handler, topics, start_ns, end_ns)
    if planned is None:
        return
    names, start, end = planned
    explicit, step = _grid_step(hz, grid)
    if policy == "drop" and tolerance_ns is None and step <= 0:
        raise ValueError("policy 'drop' on a one-tick grid needs tolerance_ns")
    max_age = tolerance_ns if tolerance_ns is not None else (step if policy == "drop" else None)
    cursors = open_cursors(handler, names, start, end, separator)
    topics_ = [_Aligner(c, policy, max_age, interpolate) for c in cursors]
    try:
        for low in range(start, end, window_ns):
            high = min(low + window_ns, end)
            window_ticks = _window_ticks(explicit, step, start, low, high)
            columns: list[tuple[str, pa.Array]] = [(TIMESTAMP, pa.array(window_ticks))]
            for topic in topics_:
                columns += topic.columns(window_ticks, low, high)
            if len(window_ticks) == 0:
                continue
            batch = pa.RecordBatch.from_arrays([c for _, c in columns],
                                               names=[n for n, _ in columns])
            yield batch if output == "arrow" else {
                n: c.to_numpy(zero_copy_only=False) for n, c in columns}
    finally:
        for cursor in cursors:
            cursor.close()
