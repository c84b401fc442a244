"""``geometry_msgs``: vectors, points, quaternions, poses, twists, accelerations,
transforms and wrenches, bare, ``Stamped``, ``WithCovariance`` and
``WithCovarianceStamped``, each stored as the model of its core type.

A wrapper's ``header`` goes to the envelope, its ``covariance`` to the model's
``covariance`` and a ``TransformStamped``'s ``child_frame_id`` to
``Transform.target_frame_id``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from mosaicolabs.domain.ontology.geometry import Point3d, Pose, Quaternion, Transform, Vector3d
from mosaicolabs.domain.ontology.kinematics import Acceleration, ForceTorque, Velocity
from mosaicolabs.domain.ontology.serializable import Serializable

from .base import ColumnMapping, child_type, float_array, header, ros, struct_array

__all__ = ["MAPPINGS", "Core", "GeometryMapping", "core_columns", "core_message"]

_PKG = "geometry_msgs/msg/"


@dataclass(frozen=True)
class Core:
    """A ROS geometry type and the model storing it: which ROS fields are the model's
    components (``xyz``), or which nested cores its struct fields hold (``parts``)."""

    ros_type: str
    model: type[Serializable]
    xyz: tuple[str, ...] = ()
    parts: tuple[tuple[str, str, Core], ...] = ()  # (model field, ROS field, core)


def core_columns(core: Core, objects: Sequence[Any]) -> dict[str, Any]:
    """The model's columns for the ROS objects of ``core``'s type."""
    if core.xyz:
        return {k: float_array([getattr(o, k) for o in objects]) for k in core.xyz}
    return {field: struct_array(child_type(core.model, field), len(objects),
                                core_columns(part, [getattr(o, ros_field) for o in objects]))
            for field, ros_field, part in core.parts}


def core_message(core: Core, types: Any, values: Mapping[str, Any] | None) -> Any:
    """The ROS object of ``core``'s type from the model's values (None: all zero)."""
    values = values or {}
    if core.xyz:
        return ros(types, core.ros_type, {k: float(values.get(k) or 0.0) for k in core.xyz})
    return ros(types, core.ros_type, {ros_field: core_message(part, types, values.get(field))
                                      for field, ros_field, part in core.parts})


VECTOR3 = Core(_PKG + "Vector3", Vector3d, xyz=("x", "y", "z"))
POINT = Core(_PKG + "Point", Point3d, xyz=("x", "y", "z"))
QUATERNION = Core(_PKG + "Quaternion", Quaternion, xyz=("x", "y", "z", "w"))
POSE = Core(_PKG + "Pose", Pose, parts=(("position", "position", POINT),
                                        ("orientation", "orientation", QUATERNION)))
TWIST = Core(_PKG + "Twist", Velocity, parts=(("linear", "linear", VECTOR3),
                                              ("angular", "angular", VECTOR3)))
ACCEL = Core(_PKG + "Accel", Acceleration, parts=(("linear", "linear", VECTOR3),
                                                  ("angular", "angular", VECTOR3)))
TRANSFORM = Core(_PKG + "Transform", Transform, parts=(("translation", "translation", VECTOR3),
                                                       ("rotation", "rotation", QUATERNION)))
WRENCH = Core(_PKG + "Wrench", ForceTorque, parts=(("force", "force", VECTOR3),
                                                   ("torque", "torque", VECTOR3)))


def _walk(message: Any, path: Sequence[str]) -> Any:
    for name in path:
        message = getattr(message, name)
    return message


def covariance_list(values: Any, size: int) -> Any:
    """A ROS covariance array of a stored covariance (None: zeros)."""
    return np.zeros(size) if values is None else np.asarray(values, dtype=np.float64)


class GeometryMapping(ColumnMapping):
    """A geometry type, possibly wrapped: ``path`` leads from the message to the core
    object (``("pose", "pose")`` in a ``PoseWithCovarianceStamped``)."""

    def __init__(self, ros_type: str, core: Core, path: tuple[str, ...] = ()) -> None:
        self.ros_type = ros_type
        self.core = core
        self.model = core.model
        self.path = path
        self.stamped = bool(path) and ros_type.endswith("Stamped")
        # where the covariance sits: the wrapper just above the core, if it has one
        self.covariance = path[:-1] + ("covariance",) if "WithCovariance" in ros_type else None

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        columns = core_columns(self.core, [_walk(m, self.path) for m in messages])
        if self.covariance is not None:
            columns["covariance"] = [np.asarray(_walk(m, self.covariance), dtype=np.float64)
                                     for m in messages]
        if self.ros_type == _PKG + "TransformStamped":
            columns["target_frame_id"] = [m.child_frame_id for m in messages]
        return columns

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        return self._level(types, self.ros_type, 0, row)

    def _level(self, types: Any, name: str, depth: int, row: dict[str, Any]) -> Any:
        if depth == len(self.path):
            return core_message(self.core, types, row)
        values: dict[str, Any] = {}
        for field, node in types.fielddefs[name][1]:
            if field == "header":
                values[field] = header(types, row)
            elif field == self.path[depth]:
                values[field] = self._level(types, node[1], depth + 1, row)
            elif field == "covariance":
                values[field] = covariance_list(row.get("covariance"), 36)
            elif field == "child_frame_id":
                values[field] = row.get("target_frame_id") or ""
        return ros(types, name, values)


def _family(name: str, core: Core, inner: str, covariance: bool) -> list[GeometryMapping]:
    found = [GeometryMapping(_PKG + name, core),
             GeometryMapping(_PKG + name + "Stamped", core, (inner,))]
    if covariance:
        found += [GeometryMapping(_PKG + name + "WithCovariance", core, (inner,)),
                  GeometryMapping(_PKG + name + "WithCovarianceStamped", core, (inner, inner))]
    return found



MAPPINGS: list[ColumnMapping] = [
    *_family("Vector3", VECTOR3, "vector", covariance=False),
    *_family("Point", POINT, "point", covariance=False),
    *_family("Quaternion", QUATERNION, "quaternion", covariance=False),
    *_family("Pose", POSE, "pose", covariance=True),
    *_family("Twist", TWIST, "twist", covariance=True),
    *_family("Accel", ACCEL, "accel", covariance=True),
    *_family("Transform", TRANSFORM, "transform", covariance=False),
    *_family("Wrench", WRENCH, "wrench", covariance=False),
]
