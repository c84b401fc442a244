"""``DataFrameExtractor`` (ours: :mod:`mosaicolabs.application.ml.extractor`).

Mirror of the official module; names are imported on first use (see :mod:`mosaicolabs._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = ["DataFrameExtractor"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.application.ml.extractor import DataFrameExtractor

__getattr__, __dir__ = lazy_exports(__name__, __all__, {
    "DataFrameExtractor": "mosaicolabs.application.ml.extractor",
})
