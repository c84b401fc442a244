"""The base class of ontology models.

The official package's ``mosaicolabs.models.serializable``, over our own objects from
:mod:`mosaicolabs.domain.ontology.serializable`.
"""

from mosaicolabs.domain.ontology.serializable import Serializable

__all__ = ["Serializable"]
