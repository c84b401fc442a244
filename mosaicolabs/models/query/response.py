"""Query results.

The official package's ``mosaicolabs.models.query.response``, over our own objects from
:mod:`mosaicolabs.domain.query.response`.

``QueryResponseItemSequence`` and ``QueryResponseItemTopic`` are our
``QueryResponseSequence`` and ``QueryResponseTopic`` under their official names.
"""

from mosaicolabs.domain.query.response import QueryResponse, QueryResponseItem, TimestampRange
from mosaicolabs.domain.query.response import QueryResponseSequence as QueryResponseItemSequence
from mosaicolabs.domain.query.response import QueryResponseTopic as QueryResponseItemTopic

__all__ = [
    "QueryResponse",
    "QueryResponseItem",
    "QueryResponseItemSequence",
    "QueryResponseItemTopic",
    "TimestampRange",
]
