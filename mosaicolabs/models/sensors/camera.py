"""Camera calibration.

The official package's ``mosaicolabs.models.sensors.camera``, over our own objects from
:mod:`mosaicolabs.domain.ontology.vision`.
"""

from mosaicolabs.domain.ontology.vision import CameraInfo

__all__ = ["CameraInfo"]
