"""Name helpers.

The official package's ``mosaicolabs.helpers``, over our own functions from
:mod:`mosaicolabs.domain.text_helpers`.
Names are imported on first use (see :mod:`mosaicolabs._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = [
    "camel_to_snake",
    "pack_topic_resource_name",
    "sanitize_sequence_name",
    "sanitize_topic_name",
    "unpack_topic_full_path",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.domain.text_helpers import (
        camel_to_snake,
        pack_topic_resource_name,
        sanitize_sequence_name,
        sanitize_topic_name,
        unpack_topic_full_path,
    )
else:  # loaded on first use; a visible __getattr__ would make any name Any to checkers
    __getattr__, __dir__ = lazy_exports(__name__, __all__, {
        name: "mosaicolabs.domain.text_helpers" for name in __all__})
