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

from .policies import Array, SyncHold, SyncPolicy

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
