"""The ``SyncPolicy`` protocol (ours: :mod:`mosaicolabs.application.ml.policies`).

Mirror of the official module; names are imported on first use (see :mod:`mosaicolabs._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = ["SyncPolicy"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.application.ml.policies import SyncPolicy

__getattr__, __dir__ = lazy_exports(__name__, __all__, {
    "SyncPolicy": "mosaicolabs.application.ml.policies",
})
