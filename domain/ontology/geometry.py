"""Geometry models: vectors, points, quaternions, poses and rigid transforms.

Every model here carries an optional row-major ``covariance`` (a flat list of
doubles) and a ``covariance_type`` code telling how it was obtained.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Sequence

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


class _FromComponents:
    """``from_list``, shared by the vector-like models: their components in order."""

    _components: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def from_list(cls, data: Sequence[float]) -> Self:
        """The model from its components in declaration order (``[x, y, z]`` for a Vector3d).

        Raises:
            ValueError: ``data`` does not hold exactly one value per component.
        """
        names = cls._components
        if len(data) != len(names):
            raise ValueError(f"expected {len(names)} values, got {len(data)}")
        build: Any = cls  # the concrete model's generated, keyword-only constructor
        model: Self = build(**dict(zip(names, data, strict=True)))
        return model


class Vector2d(Serializable, CovarianceMixin, _FromComponents):
    """A 2-D vector with optional covariance."""

    __ontology_tag__ = "vector_2_d"
    x: float | None = arrow_field(pa.float64(), description="X component.")
    y: float | None = arrow_field(pa.float64(), description="Y component.")

    _components = ("x", "y")


class Vector3d(Serializable, CovarianceMixin, _FromComponents):
    """A 3-D vector with optional covariance."""

    __ontology_tag__ = "vector_3_d"
    x: float | None = arrow_field(pa.float64(), description="X component.")
    y: float | None = arrow_field(pa.float64(), description="Y component.")
    z: float | None = arrow_field(pa.float64(), description="Z component.")

    _components = ("x", "y", "z")


class Vector4d(Serializable, CovarianceMixin, _FromComponents):
    """A 4-D vector with optional covariance."""

    __ontology_tag__ = "vector_4_d"
    x: float | None = arrow_field(pa.float64(), description="X component.")
    y: float | None = arrow_field(pa.float64(), description="Y component.")
    z: float | None = arrow_field(pa.float64(), description="Z component.")
    w: float | None = arrow_field(pa.float64(), description="W component.")

    _components = ("x", "y", "z", "w")


class Point2d(Serializable, CovarianceMixin, _FromComponents):
    """A position in a plane, with optional covariance."""

    __ontology_tag__ = "point_2_d"
    x: float | None = arrow_field(pa.float64(), description="X coordinate.")
    y: float | None = arrow_field(pa.float64(), description="Y coordinate.")

    _components = ("x", "y")


class Point3d(Serializable, CovarianceMixin, _FromComponents):
    """A position in space, with optional covariance."""

    __ontology_tag__ = "point_3_d"
    x: float | None = arrow_field(pa.float64(), description="X coordinate.")
    y: float | None = arrow_field(pa.float64(), description="Y coordinate.")
    z: float | None = arrow_field(pa.float64(), description="Z coordinate.")

    _components = ("x", "y", "z")


class Quaternion(Serializable, CovarianceMixin, _FromComponents):
    """A rotation as a quaternion (x, y, z vector part; w scalar part)."""

    __ontology_tag__ = "quaternion"
    x: float | None = arrow_field(pa.float64(), description="X of the vector part.")
    y: float | None = arrow_field(pa.float64(), description="Y of the vector part.")
    z: float | None = arrow_field(pa.float64(), description="Z of the vector part.")
    w: float | None = arrow_field(pa.float64(), description="Scalar part.")

    _components = ("x", "y", "z", "w")


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
