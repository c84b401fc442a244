"""The check that ``SyncTransformer``'s vectorised path (the built-in policies) gives what
its per-column path gives (any other policy), frame by frame: same columns, dtypes and
values (``repr``: ``None``, ``NaN``, ``1`` and ``1.0`` told apart)."""

from __future__ import annotations

from typing import Any, Iterable

__all__ = ["PerColumn", "assert_paths_agree"]


class PerColumn:
    """Not a built-in policy (the same rule as ``policy``): the transformer resamples
    column by column through it."""

    def __init__(self, policy: Any) -> None:
        self._policy = policy

    def apply(self, grid: Any, s_ts: Any, s_val: Any) -> Any:
        return self._policy.apply(grid, s_ts, s_val)


def assert_paths_agree(frames: Iterable[Any], policy: Any) -> None:
    """Both paths, each a transformer of its own, on the same chunks in turn."""
    from mosaicolabs.ml import SyncTransformer

    fast, slow = SyncTransformer(1e8, policy), SyncTransformer(1e8, PerColumn(policy))
    for k, frame in enumerate(frames):
        a, b = fast.transform(frame), slow.transform(frame)
        assert list(a.columns) == list(b.columns), k
        assert [str(t) for t in a.dtypes] == [str(t) for t in b.dtypes], k
        for name in a.columns:
            assert [repr(v) for v in a[name]] == [repr(v) for v in b[name]], (k, name)
