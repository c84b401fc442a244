"""Geometry models: vectors, points, quaternions, poses and rigid transforms.

Every model here carries an optional row-major ``covariance`` (a flat list of
doubles) and a ``covariance_type`` code telling how it was obtained.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from .fields import arrow_field, required_field
from .mixins import CovarianceMixin
from .serializable import Serializable

if TYPE_CHECKING:
    from typing_extensions import Self

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


class Vector2d(Serializable, CovarianceMixin):
    """A 2-D vector with optional covariance."""

    __ontology_tag__ = "vector_2_d"
    x: float | None = arrow_field(pa.float64(), description="X component.")
    y: float | None = arrow_field(pa.float64(), description="Y component.")

    @classmethod
    def from_list(cls, data: list[float]) -> Self:
        """From ``[x, y]``.

        Raises:
            ValueError: if ``data`` does not hold exactly 2 values.
        """
        if len(data) != 2:
            raise ValueError(f"expected 2 values, got {len(data)}")
        return cls(x=data[0], y=data[1])


class Vector3d(Serializable, CovarianceMixin):
    """A 3-D vector with optional covariance."""

    __ontology_tag__ = "vector_3_d"
    x: float | None = arrow_field(pa.float64(), description="X component.")
    y: float | None = arrow_field(pa.float64(), description="Y component.")
    z: float | None = arrow_field(pa.float64(), description="Z component.")

    @classmethod
    def from_list(cls, data: list[float]) -> Self:
        """From ``[x, y, z]``.

        Raises:
            ValueError: if ``data`` does not hold exactly 3 values.
        """
        if len(data) != 3:
            raise ValueError(f"expected 3 values, got {len(data)}")
        return cls(x=data[0], y=data[1], z=data[2])


class Vector4d(Serializable, CovarianceMixin):
    """A 4-D vector with optional covariance."""

    __ontology_tag__ = "vector_4_d"
    x: float | None = arrow_field(pa.float64(), description="X component.")
    y: float | None = arrow_field(pa.float64(), description="Y component.")
    z: float | None = arrow_field(pa.float64(), description="Z component.")
    w: float | None = arrow_field(pa.float64(), description="W component.")

    @classmethod
    def from_list(cls, data: list[float]) -> Self:
        """From ``[x, y, z, w]``.

        Raises:
            ValueError: if ``data`` does not hold exactly 4 values.
        """
        if len(data) != 4:
            raise ValueError(f"expected 4 values, got {len(data)}")
        return cls(x=data[0], y=data[1], z=data[2], w=data[3])


class Point2d(Serializable, CovarianceMixin):
    """A position in a plane, with optional covariance."""

    __ontology_tag__ = "point_2_d"
    x: float | None = arrow_field(pa.float64(), description="X coordinate.")
    y: float | None = arrow_field(pa.float64(), description="Y coordinate.")

    @classmethod
    def from_list(cls, data: list[float]) -> Self:
        """From ``[x, y]``.

        Raises:
            ValueError: if ``data`` does not hold exactly 2 values.
        """
        if len(data) != 2:
            raise ValueError(f"expected 2 values, got {len(data)}")
        return cls(x=data[0], y=data[1])


class Point3d(Serializable, CovarianceMixin):
    """A position in space, with optional covariance."""

    __ontology_tag__ = "point_3_d"
    x: float | None = arrow_field(pa.float64(), description="X coordinate.")
    y: float | None = arrow_field(pa.float64(), description="Y coordinate.")
    z: float | None = arrow_field(pa.float64(), description="Z coordinate.")

    @classmethod
    def from_list(cls, data: list[float]) -> Self:
        """From ``[x, y, z]``.

        Raises:
            ValueError: if ``data`` does not hold exactly 3 values.
        """
        if len(data) != 3:
            raise ValueError(f"expected 3 values, got {len(data)}")
        return cls(x=data[0], y=data[1], z=data[2])


class Quaternion(Serializable, CovarianceMixin):
    """A rotation as a quaternion (x, y, z vector part; w scalar part)."""

    __ontology_tag__ = "quaternion"
    x: float | None = arrow_field(pa.float64(), description="X of the vector part.")
    y: float | None = arrow_field(pa.float64(), description="Y of the vector part.")
    z: float | None = arrow_field(pa.float64(), description="Z of the vector part.")
    w: float | None = arrow_field(pa.float64(), description="Scalar part.")

    @classmethod
    def from_list(cls, data: list[float]) -> Self:
        """From ``[x, y, z, w]``.

        Raises:
            ValueError: if ``data`` does not hold exactly 4 values.
        """
        if len(data) != 4:
            raise ValueError(f"expected 4 values, got {len(data)}")
        return cls(x=data[0], y=data[1], z=data[2], w=data[3])


class Transform(Serializable, CovarianceMixin):
    """A rigid transform from the message frame to a target frame."""

    __ontology_tag__ = "transform"
    translation: Vector3d = required_field(
        model=Vector3d, description="Translation between the frames."
    )
    rotation: Quaternion = required_field(
        model=Quaternion, description="Rotation between the frames."
    )
    target_frame_id: str | None = arrow_field(
        pa.string(), description="Frame the transform maps into."
    )


class Pose(Serializable, CovarianceMixin):
    """A position and an orientation in the message frame."""

    __ontology_tag__ = "pose"
    position: Point3d = required_field(model=Point3d, description="Where the body is.")
    orientation: Quaternion = required_field(
        model=Quaternion, description="How the body is rotated."
    )
