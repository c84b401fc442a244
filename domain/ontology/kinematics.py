"""Kinematic and dynamic models: velocities, accelerations, wrenches and full motion states."""

from __future__ import annotations

import pyarrow as pa

from .fields import arrow_field, required_field
from .geometry import Pose, Vector3d
from .mixins import CovarianceMixin
from .serializable import Serializable

__all__ = ["Acceleration", "ForceTorque", "MotionState", "Velocity"]


class Velocity(Serializable, CovarianceMixin):
    """A twist: linear and angular velocity, each optional."""

    __ontology_tag__ = "velocity"
    linear: Vector3d | None = arrow_field(model=Vector3d, description="Linear velocity (m/s).")
    angular: Vector3d | None = arrow_field(model=Vector3d, description="Angular velocity (rad/s).")


class Acceleration(Serializable, CovarianceMixin):
    """Linear and angular acceleration, each optional."""

    __ontology_tag__ = "acceleration"
    linear: Vector3d | None = arrow_field(
        model=Vector3d, description="Linear acceleration (m/s^2)."
    )
    angular: Vector3d | None = arrow_field(
        model=Vector3d, description="Angular acceleration (rad/s^2)."
    )


class ForceTorque(Serializable, CovarianceMixin):
    """A wrench: force and torque acting on a body."""

    __ontology_tag__ = "force_torque"
    force: Vector3d = required_field(model=Vector3d, description="Force (N).")
    torque: Vector3d = required_field(model=Vector3d, description="Torque (N*m).")


class MotionState(Serializable, CovarianceMixin):
    """The full motion of a body: pose, velocity and optional acceleration."""

    __ontology_tag__ = "motion_state"
    pose: Pose = required_field(model=Pose, description="Current pose.")
    velocity: Velocity = required_field(
        model=Velocity, description="Current velocity."
    )
    target_frame_id: str = required_field(
        pa.string(), description="Frame the state is expressed in."
    )
    acceleration: Acceleration | None = arrow_field(
        model=Acceleration, description="Current acceleration, if known."
    )
