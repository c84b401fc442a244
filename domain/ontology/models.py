"""Every built-in ontology model in one namespace (importing it registers all their tags)."""

from __future__ import annotations

from . import ros_models as ros_models  # the ROS bridge's models: BatteryState, PointCloud2...
from .base_types import (
    Boolean,
    Floating16,
    Floating32,
    Floating64,
    Integer8,
    Integer16,
    Integer32,
    Integer64,
    LargeString,
    String,
    Unsigned8,
    Unsigned16,
    Unsigned32,
    Unsigned64,
)
from .geometry import Point2d, Point3d, Pose, Quaternion, Transform, Vector2d, Vector3d, Vector4d
from .kinematics import Acceleration, ForceTorque, MotionState, Velocity
from .sensors import (
    GPS,
    IMU,
    GPSStatus,
    Magnetometer,
    NMEASentence,
    Pressure,
    Range,
    RobotJoint,
    Temperature,
)
from .vision import ROI, CameraInfo, CompressedImage, Image

__all__ = [
    "GPS",
    "IMU",
    "ROI",
    "Acceleration",
    "Boolean",
    "CameraInfo",
    "CompressedImage",
    "Floating16",
    "Floating32",
    "Floating64",
    "ForceTorque",
    "GPSStatus",
    "Image",
    "Integer8",
    "Integer16",
    "Integer32",
    "Integer64",
    "LargeString",
    "Magnetometer",
    "MotionState",
    "NMEASentence",
    "Point2d",
    "Point3d",
    "Pose",
    "Pressure",
    "Quaternion",
    "Range",
    "RobotJoint",
    "String",
    "Temperature",
    "Transform",
    "Unsigned8",
    "Unsigned16",
    "Unsigned32",
    "Unsigned64",
    "Vector2d",
    "Vector3d",
    "Vector4d",
    "Velocity",
]
