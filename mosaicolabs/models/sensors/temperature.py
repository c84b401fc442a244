"""Temperature readings.

The official package's ``mosaicolabs.models.sensors.temperature``, over our own objects from
:mod:`mosaicolabs.domain.ontology.sensors`.
"""

from mosaicolabs.domain.ontology.sensors import Temperature

__all__ = ["Temperature"]
