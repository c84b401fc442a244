"""Query builders.

The official package's ``mosaicolabs.models.query.builders``, over our own objects from
:mod:`mosaicolabs.domain.query.builders`.
"""

from mosaicolabs.domain.query.builders import Query, QueryOntologyCatalog, QuerySequence, QueryTopic

__all__ = ["Query", "QueryOntologyCatalog", "QuerySequence", "QueryTopic"]
