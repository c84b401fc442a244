"""Force and torque.

The official package's ``mosaicolabs.models.data.dynamics``, over our own objects from
:mod:`mosaicolabs.domain.ontology.kinematics`.
"""

from mosaicolabs.domain.ontology.kinematics import ForceTorque

__all__ = ["ForceTorque"]
