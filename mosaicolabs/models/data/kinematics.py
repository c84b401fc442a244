"""Velocities, accelerations and motion states.

The official package's ``mosaicolabs.models.data.kinematics``, over our own objects from
:mod:`mosaicolabs.domain.ontology.kinematics`.
"""

from mosaicolabs.domain.ontology.kinematics import Acceleration, MotionState, Velocity

__all__ = ["Acceleration", "MotionState", "Velocity"]
