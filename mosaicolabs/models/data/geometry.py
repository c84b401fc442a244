"""Points, vectors, rotations and poses.

The official package's ``mosaicolabs.models.data.geometry``, over our own objects from
:mod:`mosaicolabs.domain.ontology.geometry`.
"""

from mosaicolabs.domain.ontology.geometry import (
    Point2d,
    Point3d,
    Pose,
    Quaternion,
    Transform,
    Vector2d,
    Vector3d,
    Vector4d,
)

__all__ = [
    "Point2d",
    "Point3d",
    "Pose",
    "Quaternion",
    "Transform",
    "Vector2d",
    "Vector3d",
    "Vector4d",
]
