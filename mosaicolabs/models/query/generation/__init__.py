"""Query-proxy generation.

The official package's ``mosaicolabs.models.query.generation``, over our own objects from
:mod:`mosaicolabs.domain.query.queryable`.
Names are imported on first use (see :mod:`mosaicolabs._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = ["is_model_queryable", "queryable"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.domain.query.queryable import is_model_queryable, queryable
else:  # loaded on first use; a visible __getattr__ would make any name Any to checkers
    __getattr__, __dir__ = lazy_exports(__name__, __all__, {
        "is_model_queryable": "mosaicolabs.domain.query.queryable",
        "queryable": "mosaicolabs.domain.query.queryable",
    })
