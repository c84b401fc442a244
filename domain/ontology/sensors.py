"""Sensor models: IMU, GNSS, magnetometer, pressure, range, joints and temperature."""

from __future__ import annotations

import pyarrow as pa

from .fields import arrow_field
from .geometry import Point3d, Quaternion, Vector3d
from .serializable import Serializable

__all__ = [
    "GPS",
    "IMU",
    "GPSStatus",
    "Magnetometer",
    "NMEASentence",
    "Pressure",
    "Range",
    "RobotJoint",
    "Temperature",
]

_VARIANCE = "Variance of the value, if known."
_VARIANCE_TYPE = "How the variance was obtained (source-specific code)."


class IMU(Serializable):
    """Inertial measurement: linear acceleration, angular velocity, optional orientation."""

    __ontology_tag__ = "imu"
    acceleration: Vector3d = arrow_field(
        model=Vector3d, nullable=False, description="Linear acceleration (m/s^2)."
    )
    angular_velocity: Vector3d = arrow_field(
        model=Vector3d, nullable=False, description="Angular velocity (rad/s)."
    )
    orientation: Quaternion | None = arrow_field(
        model=Quaternion, description="Estimated orientation, if the unit provides one."
    )


class GPSStatus(Serializable):
    """GNSS fix status: fix kind, constellations used and dilution of precision."""

    __ontology_tag__ = "gps_status"
    status: int = arrow_field(
        pa.int8(), nullable=False, description="Fix status code (no fix, fix, SBAS, GBAS...)."
    )
    service: int = arrow_field(
        pa.uint16(), nullable=False, description="Bit mask of the GNSS services used."
    )
    satellites: int | None = arrow_field(pa.int8(), description="Satellites in use.")
    hdop: float | None = arrow_field(pa.float64(), description="Horizontal dilution of precision.")
    vdop: float | None = arrow_field(pa.float64(), description="Vertical dilution of precision.")


class GPS(Serializable):
    """A GNSS fix: position, optional velocity and optional receiver status."""

    __ontology_tag__ = "gps"
    position: Point3d = arrow_field(
        model=Point3d, nullable=False, description="Latitude, longitude and altitude."
    )
    velocity: Vector3d | None = arrow_field(
        model=Vector3d, description="Ground velocity, if reported."
    )
    status: GPSStatus | None = arrow_field(
        model=GPSStatus, description="Receiver fix status, if reported."
    )


class NMEASentence(Serializable):
    """One raw NMEA 0183 sentence as emitted by a GNSS receiver."""

    __ontology_tag__ = "nmea_sentence"
    sentence: str = arrow_field(pa.string(), nullable=False, description="The sentence text.")


class Magnetometer(Serializable):
    """A magnetic field measurement."""

    __ontology_tag__ = "magnetometer"
    magnetic_field: Vector3d = arrow_field(
        model=Vector3d, nullable=False, description="Magnetic field vector (T)."
    )


class Pressure(Serializable):
    """A pressure reading."""

    __ontology_tag__ = "pressure"
    value: float = arrow_field(pa.float64(), nullable=False, description="Pressure (Pa).")
    variance: float | None = arrow_field(pa.float64(), description=_VARIANCE)
    variance_type: int | None = arrow_field(pa.int16(), description=_VARIANCE_TYPE)


class Temperature(Serializable):
    """A temperature reading."""

    __ontology_tag__ = "temperature"
    value: float = arrow_field(pa.float64(), nullable=False, description="Temperature (K).")
    variance: float | None = arrow_field(pa.float64(), description=_VARIANCE)
    variance_type: int | None = arrow_field(pa.int16(), description=_VARIANCE_TYPE)


class Range(Serializable):
    """A single distance reading from a ranging sensor (ultrasound, infrared...)."""

    __ontology_tag__ = "range"
    radiation_type: int = arrow_field(
        pa.uint8(), nullable=False, description="Kind of emitted radiation (ultrasound, IR...)."
    )
    field_of_view: float = arrow_field(
        pa.float32(), nullable=False, description="Arc angle of the measurement cone (rad)."
    )
    min_range: float = arrow_field(
        pa.float32(), nullable=False, description="Smallest measurable distance (m)."
    )
    max_range: float = arrow_field(
        pa.float32(), nullable=False, description="Largest measurable distance (m)."
    )
    range: float = arrow_field(pa.float32(), nullable=False, description="Measured distance (m).")
    variance: float | None = arrow_field(pa.float64(), description=_VARIANCE)
    variance_type: int | None = arrow_field(pa.int16(), description=_VARIANCE_TYPE)


class RobotJoint(Serializable):
    """The state of a set of joints, as parallel lists indexed like ``names``."""

    __ontology_tag__ = "robot_joint"
    names: list[str] = arrow_field(
        pa.list_(pa.string()), nullable=False, description="Joint names."
    )
    positions: list[float] = arrow_field(
        pa.list_(pa.float64()), nullable=False, description="Joint positions (rad or m)."
    )
    velocities: list[float] = arrow_field(
        pa.list_(pa.float64()), nullable=False, description="Joint velocities."
    )
    efforts: list[float] = arrow_field(
        pa.list_(pa.float64()), nullable=False, description="Joint efforts (N*m or N)."
    )
