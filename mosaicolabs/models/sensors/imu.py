"""Inertial measurements.

The official package's ``mosaicolabs.models.sensors.imu``, over our own objects from
:mod:`mosaicolabs.domain.ontology.sensors`.
"""

from mosaicolabs.domain.ontology.sensors import IMU

__all__ = ["IMU"]
