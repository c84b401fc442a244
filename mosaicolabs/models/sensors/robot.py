"""Robot joint states.

The official package's ``mosaicolabs.models.sensors.robot``, over our own objects from
:mod:`mosaicolabs.domain.ontology.sensors`.
"""

from mosaicolabs.domain.ontology.sensors import RobotJoint

__all__ = ["RobotJoint"]
