"""``SyncTransformer``: sparse frames (e.g. DataFrameExtractor's chunks) onto a fixed grid.

Semantics of the official 0.3.2 transformer, kept exactly:

* the grid starts at the first chunk's first timestamp (or continues where the previous
  chunk's grid stopped) and runs in steps of ``int(1e9 / target_fps)`` up to the chunk's
  last timestamp, inclusive;
* each column is resampled on its own from its non-missing values by the policy; the last
  sample of every column is carried into the next chunk, so values hold across chunks;
* output columns are object arrays (``None`` where the policy gives nothing), and a
  column with no sample at all yet is all ``None``.

A sample carried into a chunk joins its column as numpy's concatenation (the official
one's) makes it: a float carried into an int column makes that chunk's column float.

Differences: list values (numpy arrays) carried from one chunk to the next work (the
official one fails to prepend them); a string carried into a numeric column keeps both
kinds of value in an object column (numpy's concatenation turns the official one's numbers
into strings); an empty frame with no timestamp column raises ``ValueError`` in ``fit`` too
(the official ``fit`` raised ``KeyError`` on a non-empty one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .policies import Array, SyncHold, SyncPolicy, max_age_of
from .sync_vectorised import Layout, joined_dtype, layout_of, resample

if TYPE_CHECKING:  # pragma: no cover - pandas is an optional extra
    import pandas as pd

__all__ = ["SyncTransformer"]

_HOLD = SyncHold()


class SyncTransformer:
    """Stateful resampler of sparse frames onto a uniform time grid (scikit-learn style
    ``fit`` / ``transform`` / ``fit_transform``; ``reset`` forgets the state)."""

    def __init__(self, target_fps: float, policy: SyncPolicy = _HOLD,
                 timestamp_column: str = "timestamp_ns") -> None:
        self._step_ns = int(1e9 / target_fps)
        self._policy = policy
        self._timestamp_column = timestamp_column
        self._last_values: dict[str, tuple[int, Any]] = {}
        self._next_timestamp_ns: int | None = None
        self._layouts: dict[tuple[tuple[Any, ...], tuple[Any, ...]], Layout | None] = {}
        #: the layout that carried the samples of ``_last_values`` (``None``: unknown)
        self._carried_by: Layout | None = None

    def _check(self, X: pd.DataFrame) -> None:
        if self._timestamp_column not in X.columns:
            raise ValueError(
                f"Unable to find time column '{self._timestamp_column}' in dataframe.")

    def fit(self, X: pd.DataFrame, y: Any = None) -> SyncTransformer:
        """Anchor the grid at ``X``'s first timestamp (if not anchored yet)."""
        self._check(X)
        if not X.empty and self._next_timestamp_ns is None:
            self._next_timestamp_ns = int(X[self._timestamp_column].iloc[0])
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        """The dense frame of ``X``: one row per grid tick, every column resampled."""
        import pandas as pd

        self._check(X)
        stamps = X[self._timestamp_column].to_numpy(dtype=np.int64)
        grid = self._grid(stamps)
        if len(grid) == 0:
            return pd.DataFrame()
        fast = self._vectorised(X, grid, stamps)
        if fast is not None:
            return fast
        columns: dict[str, Array] = {self._timestamp_column: grid}
        for name in X.columns:
            if name == self._timestamp_column:
                continue
            series = X[name]
            present = series.notna().to_numpy()
            s_ts, s_val = self._with_carry(name, stamps[present],
                                           np.asarray(series.to_numpy()[present]))
            if len(s_ts) == 0:
                columns[name] = np.full(len(grid), None, dtype=object)
                continue
            self._last_values[name] = (int(s_ts[-1]), s_val[-1])
            columns[name] = self._policy.apply(grid, s_ts, s_val)
        return pd.DataFrame(columns)

    def _layout(self, X: pd.DataFrame) -> Layout | None:
        """``X``'s column layout, cached by names and dtypes: every chunk of a stream has
        the same ones."""
        names, kinds = X.columns.tolist(), X.dtypes.tolist()
        key = (tuple(names), tuple(kinds))
        if key not in self._layouts:
            if len(self._layouts) > 16:
                self._layouts.clear()
            self._layouts[key] = layout_of(names, kinds, self._timestamp_column)
        return self._layouts[key]

    def _vectorised(self, X: pd.DataFrame, grid: Array, stamps: Array) -> pd.DataFrame | None:
        """All columns at once (:mod:`.sync_vectorised`), for the built-in policies; ``None``
        where that path does not apply (another policy, unsorted times, a carried sample
        after the grid's start or no longer fitting its column, other dtypes)."""
        carried_by, self._carried_by = self._carried_by, None
        limits = max_age_of(self._policy)
        if limits is None:
            return None
        layout = self._layout(X)
        if layout is None:
            return None
        carried = [c[0] for n in layout.names if (c := self._last_values.get(n)) is not None]
        if (len(stamps) > 1 and bool(np.any(np.diff(stamps) < 0))) or (
                carried and max(carried) > min(grid[0], stamps[0])):
            return None
        # the previous chunk had the same layout: every sample carried fits its column
        frame = resample(X, layout, self._last_values, grid, stamps, limits,
                         self._timestamp_column, check_carry=layout is not carried_by)
        self._carried_by = layout if frame is not None else None
        return frame

    def fit_transform(self, X: pd.DataFrame, y: Any = None) -> pd.DataFrame:
        """``fit(X).transform(X)``."""
        return self.fit(X, y).transform(X)

    def reset(self) -> None:
        """Forget the grid position and the values carried between chunks."""
        self._next_timestamp_ns = None
        self._last_values = {}
        self._carried_by = None

    def _grid(self, stamps: Array) -> Array:
        """The chunk's ticks (``stamps``: its timestamps, in the frame's order)."""
        if len(stamps) == 0:
            return np.empty(0, np.int64)
        if self._next_timestamp_ns is None:
            self._next_timestamp_ns = int(stamps[0])
        grid = np.arange(self._next_timestamp_ns, int(stamps[-1]) + 1, self._step_ns,
                         dtype=np.int64)
        if len(grid):
            self._next_timestamp_ns = int(grid[-1]) + self._step_ns
        return grid

    def _with_carry(self, name: str, s_ts: Array, s_val: Array) -> tuple[Array, Array]:
        carried = self._last_values.get(name)
        if carried is None:
            return s_ts, s_val
        values = np.empty(len(s_val) + 1, dtype=joined_dtype(carried[1], s_val.dtype))
        values[0] = carried[1]
        values[1:] = s_val
        return np.concatenate(([carried[0]], s_ts)).astype(np.int64), values
