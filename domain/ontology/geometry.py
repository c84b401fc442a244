"""Geometry models: vectors, points, quaternions, poses and rigid transforms.

Every model here carries an optional row-major ``covariance`` (a flat list of
doubles) and a ``covariance_type`` code telling how it was obtained.
"""

from __future__ import annotations

import pyarrow as pa

from .fields import arrow_field
from .serializable import Serializable

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

_COVARIANCE = "Row-major covariance matrix, flattened."
_COVARIANCE_TYPE = "How the covariance was obtained (source-specific code)."


class Vector2d(Serializable):
    """A 2-D vector with optional covariance."""

    __ontology_tag__ = "vector_2_d"
    x: float | None = arrow_field(pa.float64(), description="X component.")
    y: float | None = arrow_field(pa.float64(), description="Y component.")
    covariance: list[float] | None = arrow_field(pa.list_(pa.float64()), description=_COVARIANCE)
    covariance_type: int | None = arrow_field(pa.int16(), description=_COVARIANCE_TYPE)


class Vector3d(Serializable):
    """A 3-D vector with optional covariance."""

    __ontology_tag__ = "vector_3_d"
    x: float | None = arrow_field(pa.float64(), description="X component.")
    y: float | None = arrow_field(pa.float64(), description="Y component.")
    z: float | None = arrow_field(pa.float64(), description="Z component.")
    covariance: list[float] | None = arrow_field(pa.list_(pa.float64()), description=_COVARIANCE)
    covariance_type: int | None = arrow_field(pa.int16(), description=_COVARIANCE_TYPE)


class Vector4d(Serializable):
    """A 4-D vector with optional covariance."""

    __ontology_tag__ = "vector_4_d"
    x: float | None = arrow_field(pa.float64(), description="X component.")
    y: float | None = arrow_field(pa.float64(), description="Y component.")
    z: float | None = arrow_field(pa.float64(), description="Z component.")
    w: float | None = arrow_field(pa.float64(), description="W component.")
    covariance: list[float] | None = arrow_field(pa.list_(pa.float64()), description=_COVARIANCE)
    covariance_type: int | None = arrow_field(pa.int16(), description=_COVARIANCE_TYPE)


class Point2d(Serializable):
    """A position in a plane, with optional covariance."""

    __ontology_tag__ = "point_2_d"
    x: float | None = arrow_field(pa.float64(), description="X coordinate.")
    y: float | None = arrow_field(pa.float64(), description="Y coordinate.")
    covariance: list[float] | None = arrow_field(pa.list_(pa.float64()), description=_COVARIANCE)
    covariance_type: int | None = arrow_field(pa.int16(), description=_COVARIANCE_TYPE)


class Point3d(Serializable):
    """A position in space, with optional covariance."""

    __ontology_tag__ = "point_3_d"
    x: float | None = arrow_field(pa.float64(), description="X coordinate.")
    y: float | None = arrow_field(pa.float64(), description="Y coordinate.")
    z: float | None = arrow_field(pa.float64(), description="Z coordinate.")
    covariance: list[float] | None = arrow_field(pa.list_(pa.float64()), description=_COVARIANCE)
    covariance_type: int | None = arrow_field(pa.int16(), description=_COVARIANCE_TYPE)


class Quaternion(Serializable):
    """A rotation as a quaternion (x, y, z vector part; w scalar part)."""

    __ontology_tag__ = "quaternion"
    x: float | None = arrow_field(pa.float64(), description="X of the vector part.")
    y: float | None = arrow_field(pa.float64(), description="Y of the vector part.")
    z: float | None = arrow_field(pa.float64(), description="Z of the vector part.")
    w: float | None = arrow_field(pa.float64(), description="Scalar part.")
    covariance: list[float] | None = arrow_field(pa.list_(pa.float64()), description=_COVARIANCE)
    covariance_type: int | None = arrow_field(pa.int16(), description=_COVARIANCE_TYPE)


class Transform(Serializable):
    """A rigid transform from the message frame to a target frame."""

    __ontology_tag__ = "transform"
    translation: Vector3d = arrow_field(
        model=Vector3d, nullable=False, description="Translation between the frames."
    )
    rotation: Quaternion = arrow_field(
        model=Quaternion, nullable=False, description="Rotation between the frames."
    )
    target_frame_id: str | None = arrow_field(
        pa.string(), description="Frame the transform maps into."
    )
    covariance: list[float] | None = arrow_field(pa.list_(pa.float64()), description=_COVARIANCE)
    covariance_type: int | None = arrow_field(pa.int16(), description=_COVARIANCE_TYPE)


class Pose(Serializable):
    """A position and an orientation in the message frame."""

    __ontology_tag__ = "pose"
    position: Point3d = arrow_field(model=Point3d, nullable=False, description="Where the body is.")
    orientation: Quaternion = arrow_field(
        model=Quaternion, nullable=False, description="How the body is rotated."
    )
    covariance: list[float] | None = arrow_field(pa.list_(pa.float64()), description=_COVARIANCE)
    covariance_type: int | None = arrow_field(pa.int16(), description=_COVARIANCE_TYPE)
