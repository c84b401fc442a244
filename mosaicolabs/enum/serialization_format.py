"""Topic serialization formats.

The official package's ``mosaicolabs.enum.serialization_format``, over our own objects from
:mod:`mosaicolabs.domain.policies`.
"""

from mosaicolabs.domain.policies import SerializationFormat

__all__ = ["SerializationFormat"]
