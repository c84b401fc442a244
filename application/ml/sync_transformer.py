"""``SyncTransformer``: sparse frames (e.g. DataFrameExtractor's chunks) onto a fixed grid.

Semantics of the official 0.3.2 transformer, kept exactly:

* the grid starts at the first chunk's first timestamp (or continues where the previous
  chunk's grid stopped) and runs in steps of ``int(1e9 / target_fps)`` up to the chunk's
  last timestamp, inclusive;
* each column is resampled on its own from its non-missing values by the policy; the last
  sample of every column is carried into the next chunk, so values hold across chunks;
* output columns are object arrays (``None`` where the policy gives nothing), and a
  column with no sample at all yet is all ``None``.

Differences: list values (numpy arrays) carried from one chunk to the next work (the
official one fails to prepend them), and an empty frame with no timestamp column raises
``ValueError`` in ``fit`` too (the official ``fit`` raised ``KeyError`` on a non-empty one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .policies import Array, SyncHold, SyncPolicy, max_age_of

if TYPE_CHECKING:  # pragma: no cover - pandas is an optional extra
    import pandas as pd

__all__ = ["SyncTransformer"]

_HOLD = SyncHold()
#: the frame's names but the timestamp's, their Index, and per dtype: the columns'
#: positions in the frame and in the names
_Layout = tuple["list[str]", "pd.Index", "list[tuple[Any, list[int], list[int]]]"]


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
        self._layouts: dict[tuple[tuple[Any, ...], tuple[Any, ...]], _Layout | None] = {}

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
        grid = self._grid(X)
        if len(grid) == 0:
            return pd.DataFrame()
        stamps = X[self._timestamp_column].to_numpy(dtype=np.int64)
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

    def _layout(self, X: pd.DataFrame) -> _Layout | None:
        """``X``'s columns grouped by dtype (positions), cached by columns and dtypes: every
        chunk of a stream has the same ones; ``None`` for a dtype the fast path skips."""
        kinds = tuple(X.dtypes)
        key = (tuple(X.columns), kinds)
        cached = self._layouts.get(key)
        if cached is not None or key in self._layouts:
            return cached
        import pandas as pd

        names = [n for n in key[0] if n != self._timestamp_column]
        layout: _Layout | None = None
        if len(names) == len(key[0]) - 1 and len(set(names)) == len(names):
            groups: dict[Any, list[int]] = {}
            for j, kind in enumerate(kinds):
                if key[0][j] == self._timestamp_column:
                    continue
                if str(kind) == "str":  # pandas' string dtype: object values, NaN missing
                    kind = np.dtype(object)
                elif not isinstance(kind, np.dtype) or kind.kind not in "fiubO":
                    groups = {}
                    break
                groups.setdefault(kind, []).append(j)
            if groups or not names:
                position = {j: i for i, j in enumerate(
                    j for j, n in enumerate(key[0]) if n != self._timestamp_column)}
                layout = (names, pd.Index(names, dtype=X.columns.dtype),
                          [(kind, where, [position[j] for j in where])
                           for kind, where in groups.items()])
        if len(self._layouts) > 16:
            self._layouts.clear()
        self._layouts[key] = layout
        return layout

    def _vectorised(self, X: pd.DataFrame, grid: Array, stamps: Array) -> pd.DataFrame | None:
        """All columns at once, grouped by dtype (one 2-D forward fill of the last present
        row per column), for the built-in policies; ``None`` where that path does not apply
        (another policy, unsorted times, a carried sample after the grid, other dtypes)."""
        import pandas as pd

        limits = max_age_of(self._policy)
        if limits is None:
            return None
        layout = self._layout(X)
        if layout is None:
            return None
        names, index, groups = layout
        stamps_max = [c[0] for n in names if (c := self._last_values.get(n)) is not None]
        if (len(stamps) > 1 and bool(np.any(np.diff(stamps) < 0))) or (
                stamps_max and max(stamps_max) > min(grid[0], stamps[0])):
            return None
        rows = np.searchsorted(stamps, grid, side="right")  # row 0: the carried sample
        out = np.empty((len(grid), len(names)), dtype=object)
        for kind, where, at in groups:
            out[:, at] = self._group(X, where, [names[j] for j in at], kind, grid, stamps,
                                     rows, limits)
        frame = pd.DataFrame(out, columns=index, copy=False)
        frame.insert(0, self._timestamp_column, grid)
        return frame

    def _group(self, X: pd.DataFrame, where: list[int], names: list[str],
               kind: np.dtype[Any], grid: Array, stamps: Array, rows: Array,
               limits: tuple[int | None, bool]) -> Array:
        n = len(stamps)
        values = np.empty((n + 1, len(names)), dtype=kind)
        present = np.ones((n + 1, len(names)), dtype=bool)
        if kind.kind == "O":
            for j, column in enumerate(where):
                series = X.iloc[:, column]
                values[1:, j] = series.to_numpy(dtype=object)
                present[1:, j] = series.notna().to_numpy()
        else:
            values[1:] = X.iloc[:, where].to_numpy(dtype=kind)
            if kind.kind == "f":
                present[1:] = ~np.isnan(values[1:])
        carry_ts = np.zeros(len(names), dtype=np.int64)
        for j, name in enumerate(names):
            carried = self._last_values.get(name)
            present[0, j] = carried is not None
            if carried is not None:
                carry_ts[j], values[0, j] = carried
        last = np.where(present, np.arange(n + 1)[:, None], -1)
        np.maximum.accumulate(last, axis=0, out=last)
        index = last[rows]
        keep = index >= 0
        safe = np.maximum(index, 0)
        max_age, inclusive = limits
        if max_age is not None:
            taken_ts = np.where(index == 0, carry_ts[None, :],
                                np.concatenate(([0], stamps))[safe])
            age = grid[:, None] - taken_ts
            keep &= (age <= max_age) if inclusive else (age < max_age)
        for j, name in enumerate(names):
            row = int(last[n, j])
            if row >= 0:
                self._last_values[name] = (int(carry_ts[j] if row == 0 else stamps[row - 1]),
                                           values[row, j])
        result = np.take_along_axis(values, safe, axis=0).astype(object)
        result[~keep] = None
        return result

    def fit_transform(self, X: pd.DataFrame, y: Any = None) -> pd.DataFrame:
        """``fit(X).transform(X)``."""
        return self.fit(X, y).transform(X)

    def reset(self) -> None:
        """Forget the grid position and the values carried between chunks."""
        self._next_timestamp_ns = None
        self._last_values = {}

    def _grid(self, X: pd.DataFrame) -> Array:
        if X.empty:
            return np.empty(0, np.int64)
        stamps = X[self._timestamp_column]
        if self._next_timestamp_ns is None:
            self._next_timestamp_ns = int(stamps.iloc[0])
        grid = np.arange(self._next_timestamp_ns, int(stamps.iloc[-1]) + 1, self._step_ns,
                         dtype=np.int64)
        if len(grid):
            self._next_timestamp_ns = int(grid[-1]) + self._step_ns
        return grid

    def _with_carry(self, name: str, s_ts: Array, s_val: Array) -> tuple[Array, Array]:
        carried = self._last_values.get(name)
        if carried is None:
            return s_ts, s_val
        values = np.empty(len(s_val) + 1, dtype=object if s_val.dtype == object
                          or isinstance(carried[1], np.ndarray) else s_val.dtype)
        values[0] = carried[1]
        values[1:] = s_val
        return np.concatenate(([carried[0]], s_ts)).astype(np.int64), values
