"""ML-ready reads.

The official package's ``mosaicolabs.ml`` (:class:`DataFrameExtractor`,
:class:`SyncTransformer` and its policies) over our own objects from
:mod:`mosaicolabs.application.ml`, plus our Arrow-first API: :func:`windows`,
:func:`topic_windows` and :func:`aligned` (see docs/ml.md).
Names are imported on first use (see :mod:`mosaicolabs._lazy`): numpy and pandas load
only when a name is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = [
    "DataFrameExtractor",
    "SyncAsOf",
    "SyncDrop",
    "SyncHold",
    "SyncPolicy",
    "SyncTransformer",
    "Window",
    "aligned",
    "flatten_columns",
    "topic_windows",
    "windows",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.application.ml.align import aligned
    from mosaicolabs.application.ml.extractor import DataFrameExtractor
    from mosaicolabs.application.ml.policies import SyncAsOf, SyncDrop, SyncHold, SyncPolicy
    from mosaicolabs.application.ml.sync_transformer import SyncTransformer
    from mosaicolabs.application.ml.windows import (
        Window,
        flatten_columns,
        topic_windows,
        windows,
    )

_POLICIES = "mosaicolabs.application.ml.policies"
_WINDOWS = "mosaicolabs.application.ml.windows"
__getattr__, __dir__ = lazy_exports(__name__, __all__, {
    "DataFrameExtractor": "mosaicolabs.application.ml.extractor",
    "SyncAsOf": _POLICIES,
    "SyncDrop": _POLICIES,
    "SyncHold": _POLICIES,
    "SyncPolicy": _POLICIES,
    "SyncTransformer": "mosaicolabs.application.ml.sync_transformer",
    "Window": _WINDOWS,
    "aligned": "mosaicolabs.application.ml.align",
    "flatten_columns": _WINDOWS,
    "topic_windows": _WINDOWS,
    "windows": _WINDOWS,
})
