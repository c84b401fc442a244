"""Kinematic and dynamic models: velocities, accelerations, wrenches and full motion states."""

from __future__ import annotations

import pyarrow as pa

from .fields import arrow_field
from .geometry import Pose, Vector3d
from .serializable import Serializable

__all__ = ["Acceleration", "ForceTorque", "MotionState", "Velocity"]

_COVARIANCE = "Row-major covariance matrix, flattened."
_COVARIANCE_TYPE = "How the covariance was obtained (source-specific code)."


class Velocity(Serializable):
    """A twist: linear and angular velocity, each optional."""

    __ontology_tag__ = "velocity"
    linear: Vector3d | None = arrow_field(model=Vector3d, description="Linear velocity (m/s).")
    angular: Vector3d | None = arrow_field(model=Vector3d, description="Angular velocity (rad/s).")
    covariance: list[float] | None = arrow_field(pa.list_(pa.float64()), description=_COVARIANCE)
    covariance_type: int | None = arrow_field(pa.int16(), description=_COVARIANCE_TYPE)


class Acceleration(Serializable):
    """Linear and angular acceleration, each optional."""

    __ontology_tag__ = "acceleration"
    linear: Vector3d | None = arrow_field(
        model=Vector3d, description="Linear acceleration (m/s^2)."
    )
    angular: Vector3d | None = arrow_field(
        model=Vector3d, description="Angular acceleration (rad/s^2)."
    )
    covariance: list[float] | None = arrow_field(pa.list_(pa.float64()), description=_COVARIANCE)
    covariance_type: int | None = arrow_field(pa.int16(), description=_COVARIANCE_TYPE)


class ForceTorque(Serializable):
    """A wrench: force and torque acting on a body."""

    __ontology_tag__ = "force_torque"
    force: Vector3d = arrow_field(model=Vector3d, nullable=False, description="Force (N).")
    torque: Vector3d = arrow_field(model=Vector3d, nullable=False, description="Torque (N*m).")
    covariance: list[float] | None = arrow_field(pa.list_(pa.float64()), description=_COVARIANCE)
    covariance_type: int | None = arrow_field(pa.int16(), description=_COVARIANCE_TYPE)


class MotionState(Serializable):
    """The full motion of a body: pose, velocity and optional acceleration."""

    __ontology_tag__ = "motion_state"
    pose: Pose = arrow_field(model=Pose, nullable=False, description="Current pose.")
    velocity: Velocity = arrow_field(
        model=Velocity, nullable=False, description="Current velocity."
    )
    target_frame_id: str = arrow_field(
        pa.string(), nullable=False, description="Frame the state is expressed in."
    )
    acceleration: Acceleration | None = arrow_field(
        model=Acceleration, description="Current acceleration, if known."
    )
    covariance: list[float] | None = arrow_field(pa.list_(pa.float64()), description=_COVARIANCE)
    covariance_type: int | None = arrow_field(pa.int16(), description=_COVARIANCE_TYPE)
