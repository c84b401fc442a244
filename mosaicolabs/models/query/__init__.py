"""Query builders and results.

The official package's ``mosaicolabs.models.query``, over our own objects from
:mod:`mosaicolabs.domain.query.builders`,
:mod:`mosaicolabs.domain.query.response`.
Names are imported on first use (see :mod:`mosaicolabs._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = [
    "Query",
    "QueryOntologyCatalog",
    "QueryResponse",
    "QueryResponseItem",
    "QueryResponseItemSequence",
    "QueryResponseItemTopic",
    "QuerySequence",
    "QueryTopic",
    "TimestampRange",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.domain.query.builders import (
        Query,
        QueryOntologyCatalog,
        QuerySequence,
        QueryTopic,
    )
    from mosaicolabs.domain.query.response import QueryResponse, QueryResponseItem, TimestampRange
    from mosaicolabs.domain.query.response import QueryResponseSequence as QueryResponseItemSequence
    from mosaicolabs.domain.query.response import QueryResponseTopic as QueryResponseItemTopic
else:  # loaded on first use; a visible __getattr__ would make any name Any to checkers
    __getattr__, __dir__ = lazy_exports(__name__, __all__, {
        "Query": "mosaicolabs.domain.query.builders",
        "QueryOntologyCatalog": "mosaicolabs.domain.query.builders",
        "QueryResponse": "mosaicolabs.domain.query.response",
        "QueryResponseItem": "mosaicolabs.domain.query.response",
        "QueryResponseItemSequence": "mosaicolabs.domain.query.response:QueryResponseSequence",
        "QueryResponseItemTopic": "mosaicolabs.domain.query.response:QueryResponseTopic",
        "QuerySequence": "mosaicolabs.domain.query.builders",
        "QueryTopic": "mosaicolabs.domain.query.builders",
        "TimestampRange": "mosaicolabs.domain.query.response",
    })
