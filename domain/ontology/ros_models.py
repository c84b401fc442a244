"""Models for ROS messages the core ontology has no model for.

Battery states, point clouds and TF frame lists, with the tags and Arrow layouts
the official client's ROS bridge stores them under (every column nullable, as it
declares them), so either client reads the other's recordings.
"""

from __future__ import annotations

from enum import IntEnum

import pyarrow as pa

from .fields import arrow_field
from .geometry import Transform
from .serializable import Serializable

__all__ = ["BatteryState", "FrameTransform", "PointCloud2", "PointField", "PointFieldDataType"]


class BatteryState(Serializable):
    """The state of a battery (as ROS ``sensor_msgs/BatteryState`` reports it)."""

    __ontology_tag__ = "battery_state"
    voltage: float | None = arrow_field(pa.float32(), description="Voltage (V).")
    temperature: float | None = arrow_field(pa.float32(), description="Temperature (C).")
    current: float | None = arrow_field(pa.float32(), description="Current (A).")
    charge: float | None = arrow_field(pa.float32(), description="Charge (Ah).")
    capacity: float | None = arrow_field(pa.float32(), description="Capacity (Ah).")
    design_capacity: float | None = arrow_field(pa.float32(),
                                                description="Design capacity (Ah).")
    percentage: float | None = arrow_field(pa.float32(), description="Charge level, 0 to 1.")
    power_supply_status: int | None = arrow_field(pa.uint8(), description="Charging status.")
    power_supply_health: int | None = arrow_field(pa.uint8(), description="Health code.")
    power_supply_technology: int | None = arrow_field(pa.uint8(),
                                                      description="Technology code.")
    present: bool | None = arrow_field(pa.bool_(), description="Whether a battery is present.")
    location: str | None = arrow_field(pa.string(), description="Where the battery sits.")
    serial_number: str | None = arrow_field(pa.string(), description="Serial number.")
    cell_voltage: list[float] | None = arrow_field(pa.list_(pa.float32()),
                                                   description="Voltage of each cell (V).")
    cell_temperature: list[float] | None = arrow_field(
        pa.list_(pa.float32()), description="Temperature of each cell (C).")


class PointFieldDataType(IntEnum):
    """The value type of a point cloud field (the ROS ``PointField`` constants)."""

    INT8 = 1
    UINT8 = 2
    INT16 = 3
    UINT16 = 4
    INT32 = 5
    UINT32 = 6
    FLOAT32 = 7
    FLOAT64 = 8


class PointField(Serializable):
    """One field of the points of a cloud: where it sits in a point, and its type."""

    __ontology_tag__ = "point_field"
    name: str | None = arrow_field(pa.string(), description="Field name (x, intensity...).")
    offset: int | None = arrow_field(pa.uint32(), description="Byte offset in a point.")
    datatype: int | None = arrow_field(pa.uint8(), description="A PointFieldDataType code.")
    count: int | None = arrow_field(pa.uint32(), description="Values in the field.")


class PointCloud2(Serializable):
    """A point cloud: rows of packed points described by their fields."""

    __ontology_tag__ = "point_cloud_2"
    height: int | None = arrow_field(pa.uint32(), description="Rows (1: unordered cloud).")
    width: int | None = arrow_field(pa.uint32(), description="Points per row.")
    fields: list[PointField] | None = arrow_field(pa.list_(PointField.arrow_struct()),
                                                  description="Layout of a point.")
    is_bigendian: bool | None = arrow_field(pa.bool_(), description="Byte order of the data.")
    point_step: int | None = arrow_field(pa.uint32(), description="Bytes per point.")
    row_step: int | None = arrow_field(pa.uint32(), description="Bytes per row.")
    data: bytes | None = arrow_field(pa.binary(), description="The points, row_step x height.")
    is_dense: bool | None = arrow_field(pa.bool_(), description="True: no invalid points.")


class FrameTransform(Serializable):
    """The transforms between coordinate frames of one TF message."""

    __ontology_tag__ = "frame_transform"
    transforms: list[Transform] = arrow_field(
        pa.list_(Transform.arrow_struct()), nullable=False,
        description="List of coordinate frames transformations.")
