"""Pressure readings.

The official package's ``mosaicolabs.models.sensors.pressure``, over our own objects from
:mod:`mosaicolabs.domain.ontology.sensors`.
"""

from mosaicolabs.domain.ontology.sensors import Pressure

__all__ = ["Pressure"]
