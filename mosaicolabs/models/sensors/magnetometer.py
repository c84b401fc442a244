"""Magnetic field readings.

The official package's ``mosaicolabs.models.sensors.magnetometer``, over our own objects from
:mod:`mosaicolabs.domain.ontology.sensors`.
"""

from mosaicolabs.domain.ontology.sensors import Magnetometer

__all__ = ["Magnetometer"]
