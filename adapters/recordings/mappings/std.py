"""``std_msgs`` scalars and strings, ``nav_msgs/Odometry`` and ``tf2_msgs/TFMessage``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from mosaicolabs.domain.ontology.base_types import (
    Boolean,
    Floating32,
    Floating64,
    Integer8,
    Integer16,
    Integer32,
    Integer64,
    String,
    Unsigned8,
    Unsigned16,
    Unsigned32,
    Unsigned64,
)
from mosaicolabs.domain.ontology.kinematics import MotionState
from mosaicolabs.domain.ontology.ros_models import FrameTransform
from mosaicolabs.domain.ontology.serializable import Serializable

from .base import ColumnMapping, child_type, header, ros, struct_array
from .geometry import POSE, TRANSFORM, TWIST, core_columns, core_message, covariance_list

__all__ = ["MAPPINGS", "DataMapping"]

_SCALARS: dict[str, type[Serializable]] = {
    "Bool": Boolean, "Int8": Integer8, "Int16": Integer16, "Int32": Integer32,
    "Int64": Integer64, "UInt8": Unsigned8, "UInt16": Unsigned16, "UInt32": Unsigned32,
    "UInt64": Unsigned64, "Float32": Floating32, "Float64": Floating64, "String": String,
}


class DataMapping(ColumnMapping):
    """A ``std_msgs`` message of one ``data`` field, as the model of that value type."""

    def __init__(self, ros_type: str, model: type[Serializable]) -> None:
        self.ros_type = ros_type
        self.model = model

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        return {"data": [m.data for m in messages]}

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        return ros(types, self.ros_type, {"data": row["data"]})


class OdometryMapping(ColumnMapping):
    """``nav_msgs/Odometry`` -> ``MotionState``: the pose and twist with their
    covariances, ``child_frame_id`` as ``target_frame_id``."""

    ros_type = "nav_msgs/msg/Odometry"
    model = MotionState
    stamped = True

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        n = len(messages)
        pose = core_columns(POSE, [m.pose.pose for m in messages])
        pose["covariance"] = [np.asarray(m.pose.covariance, np.float64) for m in messages]
        twist = core_columns(TWIST, [m.twist.twist for m in messages])
        twist["covariance"] = [np.asarray(m.twist.covariance, np.float64) for m in messages]
        return {"pose": struct_array(child_type(MotionState, "pose"), n, pose),
                "velocity": struct_array(child_type(MotionState, "velocity"), n, twist),
                "target_frame_id": [m.child_frame_id for m in messages]}

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        pose = row.get("pose") or {}
        twist = row.get("velocity") or {}
        return ros(types, self.ros_type, {
            "header": header(types, row), "child_frame_id": row.get("target_frame_id") or "",
            "pose": ros(types, "geometry_msgs/msg/PoseWithCovariance", {
                "pose": core_message(POSE, types, pose),
                "covariance": covariance_list(pose.get("covariance"), 36)}),
            "twist": ros(types, "geometry_msgs/msg/TwistWithCovariance", {
                "twist": core_message(TWIST, types, twist),
                "covariance": covariance_list(twist.get("covariance"), 36)})})


def _common(values: Sequence[str]) -> str | None:
    return values[0] if values and all(v == values[0] for v in values) else None


class TFMessageMapping(ColumnMapping):
    """``tf2_msgs/TFMessage`` -> ``FrameTransform``: one ``Transform`` per transform,
    its ``child_frame_id`` as ``target_frame_id``.

    The layout (the official one) keeps no per-transform parent frame or stamp: the
    envelope ``frame_id`` is the parent frame when every transform of the message
    shares it (else null), and on export every transform gets the message's
    timestamp and that frame.
    """

    ros_type = "tf2_msgs/msg/TFMessage"
    model = FrameTransform

    def frame_ids(self, messages: Sequence[Any]) -> list[str | None]:
        return [_common([t.header.frame_id for t in m.transforms]) for m in messages]

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        flat = [t for m in messages for t in m.transforms]
        offsets = np.zeros(len(messages) + 1, dtype=np.int32)
        np.cumsum([len(m.transforms) for m in messages], out=offsets[1:])
        columns = core_columns(TRANSFORM, [t.transform for t in flat])
        columns["target_frame_id"] = [t.child_frame_id for t in flat]
        list_type = child_type(FrameTransform, "transforms")
        items = struct_array(list_type.value_type, len(flat), columns)
        lists = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), items, type=list_type)
        return {"transforms": lists}

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        transforms = [ros(types, "geometry_msgs/msg/TransformStamped", {
            "header": header(types, row),
            "child_frame_id": t.get("target_frame_id") or "",
            "transform": core_message(TRANSFORM, types, t)}) for t in row.get("transforms") or []]
        return ros(types, self.ros_type, {"transforms": transforms})


MAPPINGS: list[ColumnMapping] = [
    *(DataMapping(f"std_msgs/msg/{name}", model) for name, model in _SCALARS.items()),
    OdometryMapping(), TFMessageMapping(),
]
