"""``SyncHold``, ``SyncAsOf``, ``SyncDrop`` (ours: :mod:`mosaicolabs.application.ml.policies`).

Mirror of the official module; names are imported on first use (see :mod:`mosaicolabs._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = ["SyncAsOf", "SyncDrop", "SyncHold"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.application.ml.policies import SyncAsOf, SyncDrop, SyncHold

__getattr__, __dir__ = lazy_exports(__name__, __all__, {
    "SyncAsOf": "mosaicolabs.application.ml.policies",
    "SyncDrop": "mosaicolabs.application.ml.policies",
    "SyncHold": "mosaicolabs.application.ml.policies",
})
