"""Range readings.

The official package's ``mosaicolabs.models.sensors.range``, over our own objects from
:mod:`mosaicolabs.domain.ontology.sensors`.
"""

from mosaicolabs.domain.ontology.sensors import Range

__all__ = ["Range"]
