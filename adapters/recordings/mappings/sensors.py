"""``sensor_msgs`` measurements: IMU, GNSS fix and status, joint states, battery state;
and ``nmea_msgs/Sentence``.

As the official ROS bridge stores them: an IMU covariance of all zeros ("unknown")
is stored as null and an orientation whose covariance starts with -1 ("not
provided") as a null orientation; reading back restores those sentinels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from mosaicolabs.domain.ontology.ros_models import BatteryState
from mosaicolabs.domain.ontology.sensors import GPS, IMU, GPSStatus, NMEASentence, RobotJoint

from .base import ColumnMapping, child_type, float_array, header, ros, struct_array
from .geometry import QUATERNION, VECTOR3, core_columns, core_message, covariance_list

__all__ = ["MAPPINGS"]

_PKG = "sensor_msgs/msg/"


def _known(covariance: Any) -> Any:
    """A covariance to store: None for the all-zero "unknown" matrix."""
    values = np.asarray(covariance, dtype=np.float64)
    return values if values.any() else None


class ImuMapping(ColumnMapping):
    ros_type = _PKG + "Imu"
    model = IMU
    stamped = True

    def _vector(self, field: str, objects: Sequence[Any], covariances: list[Any],
                valid: list[bool] | None = None) -> Any:
        columns = core_columns(QUATERNION if field == "orientation" else VECTOR3, objects)
        columns["covariance"] = covariances
        return struct_array(child_type(IMU, field), len(objects), columns, valid)

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        provided = [float(m.orientation_covariance[0]) != -1.0 for m in messages]
        orientation_cov = [_known(m.orientation_covariance) if ok else None
                           for m, ok in zip(messages, provided, strict=True)]
        return {
            "acceleration": self._vector(
                "acceleration", [m.linear_acceleration for m in messages],
                [_known(m.linear_acceleration_covariance) for m in messages]),
            "angular_velocity": self._vector(
                "angular_velocity", [m.angular_velocity for m in messages],
                [_known(m.angular_velocity_covariance) for m in messages]),
            "orientation": self._vector("orientation", [m.orientation for m in messages],
                                        orientation_cov, provided),
        }

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        orientation = row.get("orientation")
        if orientation is None:  # "not provided": ROS marks it with covariance[0] = -1
            orientation_cov = np.zeros(9)
            orientation_cov[0] = -1.0
            orientation = {"w": 1.0}
        else:
            orientation_cov = covariance_list(orientation.get("covariance"), 9)
        acceleration = row.get("acceleration") or {}
        angular = row.get("angular_velocity") or {}
        return ros(types, self.ros_type, {
            "header": header(types, row),
            "orientation": core_message(QUATERNION, types, orientation),
            "orientation_covariance": orientation_cov,
            "angular_velocity": core_message(VECTOR3, types, angular),
            "angular_velocity_covariance": covariance_list(angular.get("covariance"), 9),
            "linear_acceleration": core_message(VECTOR3, types, acceleration),
            "linear_acceleration_covariance": covariance_list(acceleration.get("covariance"),
                                                              9),
        })


def _status_columns(statuses: Sequence[Any]) -> dict[str, Any]:
    return {"status": [int(s.status) for s in statuses],
            "service": [int(s.service) for s in statuses]}


def _status_message(types: Any, values: dict[str, Any] | None) -> Any:
    values = values or {}
    return ros(types, _PKG + "NavSatStatus", {"status": values.get("status") or 0,
                                              "service": values.get("service") or 0})


class NavSatFixMapping(ColumnMapping):
    """Latitude, longitude, altitude as ``GPS.position`` x, y, z."""

    ros_type = _PKG + "NavSatFix"
    model = GPS
    stamped = True

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        n = len(messages)
        position = {
            "x": float_array([m.latitude for m in messages]),
            "y": float_array([m.longitude for m in messages]),
            "z": float_array([m.altitude for m in messages]),
            "covariance": [np.asarray(m.position_covariance, np.float64) for m in messages],
            "covariance_type": [int(m.position_covariance_type) for m in messages],
        }
        return {"position": struct_array(child_type(GPS, "position"), n, position),
                "status": struct_array(child_type(GPS, "status"), n,
                                       _status_columns([m.status for m in messages]))}

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        position = row.get("position") or {}
        return ros(types, self.ros_type, {
            "header": header(types, row),
            "status": _status_message(types, row.get("status")),
            "latitude": position.get("x") or 0.0,
            "longitude": position.get("y") or 0.0,
            "altitude": position.get("z") or 0.0,
            "position_covariance": covariance_list(position.get("covariance"), 9),
            "position_covariance_type": position.get("covariance_type") or 0,
        })


class NavSatStatusMapping(ColumnMapping):
    ros_type = _PKG + "NavSatStatus"
    model = GPSStatus

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        return _status_columns(messages)

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        return _status_message(types, row)


class JointStateMapping(ColumnMapping):
    ros_type = _PKG + "JointState"
    model = RobotJoint
    stamped = True

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        return {"names": [list(m.name) for m in messages],
                "positions": [np.asarray(m.position, np.float64) for m in messages],
                "velocities": [np.asarray(m.velocity, np.float64) for m in messages],
                "efforts": [np.asarray(m.effort, np.float64) for m in messages]}

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        def floats(name: str) -> Any:
            return np.asarray(row.get(name) or [], dtype=np.float64)

        return ros(types, self.ros_type, {
            "header": header(types, row), "name": list(row.get("names") or []),
            "position": floats("positions"), "velocity": floats("velocities"),
            "effort": floats("efforts")})


_BATTERY_SCALARS = ("voltage", "temperature", "current", "charge", "capacity",
                    "design_capacity", "percentage", "power_supply_status",
                    "power_supply_health", "power_supply_technology", "present", "location",
                    "serial_number")


class BatteryStateMapping(ColumnMapping):
    """Every field as it is (ROS 1 has no ``temperature``: null on import)."""

    ros_type = _PKG + "BatteryState"
    model = BatteryState
    stamped = True

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        columns: dict[str, Any] = {name: [getattr(m, name, None) for m in messages]
                                   for name in _BATTERY_SCALARS}
        for name in ("cell_voltage", "cell_temperature"):
            columns[name] = [np.asarray(getattr(m, name, ()), np.float32) for m in messages]
        return columns

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        values: dict[str, Any] = {name: row.get(name) for name in _BATTERY_SCALARS}
        for name in ("voltage", "temperature", "current", "charge", "capacity",
                     "design_capacity", "percentage"):
            values[name] = float("nan") if values[name] is None else values[name]
        for name in ("power_supply_status", "power_supply_health", "power_supply_technology"):
            values[name] = values[name] or 0
        values["present"] = bool(values["present"])
        values["location"] = values["location"] or ""
        values["serial_number"] = values["serial_number"] or ""
        for name in ("cell_voltage", "cell_temperature"):
            values[name] = np.asarray(row.get(name) or [], dtype=np.float32)
        values["header"] = header(types, row)
        return ros(types, self.ros_type, values)


class NmeaSentenceMapping(ColumnMapping):
    ros_type = "nmea_msgs/msg/Sentence"
    model = NMEASentence
    stamped = True

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        return {"sentence": [m.sentence for m in messages]}

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        return ros(types, self.ros_type, {"header": header(types, row),
                                          "sentence": row.get("sentence") or ""})


MAPPINGS: list[ColumnMapping] = [ImuMapping(), NavSatFixMapping(), NavSatStatusMapping(),
                                 JointStateMapping(), BatteryStateMapping(),
                                 NmeaSentenceMapping()]
