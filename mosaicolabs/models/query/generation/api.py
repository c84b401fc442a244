"""``queryable`` and ``is_model_queryable``.

The official package's ``mosaicolabs.models.query.generation.api``, over our own objects from
:mod:`mosaicolabs.domain.query.queryable`.
"""

from mosaicolabs.domain.query.queryable import T, is_model_queryable, queryable

__all__ = ["T", "is_model_queryable", "queryable"]
