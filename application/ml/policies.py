"""Synchronization policies: how sparse samples fill the ticks of a time grid.

Each policy maps, for every tick ``t`` of ``grid``, the last sample at or before ``t``
(``searchsorted(side="right") - 1``: of equal timestamps, the last one) to the tick, or
``None``:

* :class:`SyncHold`: always (zero-order hold); ``None`` before the first sample.
* :class:`SyncAsOf`: only if the sample is at most ``tolerance_ns`` old (``t - ts <= tol``).
* :class:`SyncDrop`: only if the sample lies in ``(t - step_ns, t]``.

Results are object arrays (as the official policies return), the length of ``grid``.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

__all__ = ["SyncAsOf", "SyncDrop", "SyncHold", "SyncPolicy", "last_at_or_before",
           "max_age_of"]

Array = npt.NDArray[Any]


@runtime_checkable
class SyncPolicy(Protocol):
    """What :class:`~mosaicolabs.ml.SyncTransformer` asks of a policy."""

    def apply(self, grid: Array, s_ts: Array, s_val: Array) -> Array:
        """Values for the ticks of ``grid`` (ns) from samples ``s_val`` taken at the sorted
        times ``s_ts``: an object array as long as ``grid``, ``None`` where nothing fits."""
        ...


def last_at_or_before(grid: Array, s_ts: Array) -> npt.NDArray[np.intp]:
    """Index of the last sample with ``s_ts <= tick`` for every tick (``-1``: none)."""
    return np.searchsorted(s_ts, grid, side="right") - 1


def _pick(grid: Array, s_ts: Array, s_val: Array, max_age: int | None,
          inclusive: bool) -> Array:
    index = last_at_or_before(grid, s_ts)
    keep = index >= 0
    if max_age is not None and keep.any():
        age = np.asarray(grid, np.int64) - np.asarray(s_ts, np.int64)[np.maximum(index, 0)]
        keep &= (age <= max_age) if inclusive else (age < max_age)
    out = np.full(len(grid), None, dtype=object)
    out[keep] = s_val[index[keep]]
    return out


class SyncHold:
    """Zero-order hold: the last sample at or before each tick, however old."""

    def apply(self, grid: Array, s_ts: Array, s_val: Array) -> Array:
        """Hold the last value; ``None`` before the first sample."""
        return _pick(grid, s_ts, s_val, None, True)

    def sync_limits(self) -> tuple[int | None, bool]:
        """``(max_age, inclusive)``: any age."""
        return None, True


class SyncAsOf:
    """Hold, as long as the sample is at most ``tolerance_ns`` old."""

    def __init__(self, tolerance_ns: int) -> None:
        self._tolerance_ns = tolerance_ns

    def apply(self, grid: Array, s_ts: Array, s_val: Array) -> Array:
        """The last sample with ``tick - tolerance_ns <= ts <= tick``, else ``None``."""
        return _pick(grid, s_ts, s_val, self._tolerance_ns, True)

    def sync_limits(self) -> tuple[int | None, bool]:
        """``(max_age, inclusive)``: ``tick - ts <= tolerance_ns``."""
        return self._tolerance_ns, True


class SyncDrop:
    """A value only if a sample was taken in ``(tick - step_ns, tick]``."""

    def __init__(self, step_ns: int) -> None:
        self._step_ns = step_ns

    def apply(self, grid: Array, s_ts: Array, s_val: Array) -> Array:
        """The last sample with ``tick - step_ns < ts <= tick``, else ``None``."""
        return _pick(grid, s_ts, s_val, self._step_ns, False)

    def sync_limits(self) -> tuple[int | None, bool]:
        """``(max_age, inclusive)``: ``tick - ts < step_ns``."""
        return self._step_ns, False


def max_age_of(policy: object) -> tuple[int | None, bool] | None:
    """``(max_age, inclusive)`` of a built-in policy (``max_age`` ``None``: any age), for a
    vectorised path; ``None`` for any other policy (its ``apply`` is called per column)."""
    if type(policy) in (SyncHold, SyncAsOf, SyncDrop) and isinstance(
            policy, (SyncHold, SyncAsOf, SyncDrop)):
        return policy.sync_limits()
    return None
