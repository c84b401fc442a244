"""Structural types of the query API.

The official package's ``mosaicolabs.models.query.protocols``, over our own objects from
:mod:`mosaicolabs.domain.query.protocols`.
"""

from mosaicolabs.domain.query.protocols import FieldMapperProtocol, QueryableProtocol

__all__ = ["FieldMapperProtocol", "QueryableProtocol"]
