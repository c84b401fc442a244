"""Catalog descriptions: sequences, sessions, topics.

The official package's ``mosaicolabs.models.platform``, over our own objects from
:mod:`mosaicolabs.domain.catalog`.
Names are imported on first use (see :mod:`mosaicolabs._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = ["Sequence", "Session", "Topic"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.domain.catalog import Sequence, Session, Topic
else:  # loaded on first use; a visible __getattr__ would make any name Any to checkers
    __getattr__, __dir__ = lazy_exports(__name__, __all__, {
        "Sequence": "mosaicolabs.domain.catalog",
        "Session": "mosaicolabs.domain.catalog",
        "Topic": "mosaicolabs.domain.catalog",
    })
