"""Satellite positioning.

The official package's ``mosaicolabs.models.sensors.gps``, over our own objects from
:mod:`mosaicolabs.domain.ontology.sensors`.
"""

from mosaicolabs.domain.ontology.sensors import GPS, GPSStatus, NMEASentence

__all__ = ["GPS", "GPSStatus", "NMEASentence"]
