"""Sensor models: IMU, GNSS, magnetometer, pressure, range, joints and temperature."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from .fields import arrow_field, required_field
from .geometry import Point3d, Quaternion, Vector3d
from .mixins import VarianceMixin
from .serializable import Serializable

if TYPE_CHECKING:
    from typing_extensions import Self

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

_ZERO_CELSIUS = 273.15  # K
_ATM = 101325.0  # Pa
_BAR = 100000.0  # Pa
_PSI = 6894.7572931783  # Pa


class IMU(Serializable):
    """Inertial measurement: linear acceleration, angular velocity, optional orientation."""

    __ontology_tag__ = "imu"
    acceleration: Vector3d = required_field(
        model=Vector3d, description="Linear acceleration (m/s^2)."
    )
    angular_velocity: Vector3d = required_field(
        model=Vector3d, description="Angular velocity (rad/s)."
    )
    orientation: Quaternion | None = arrow_field(
        model=Quaternion, description="Estimated orientation, if the unit provides one."
    )


class GPSStatus(Serializable):
    """GNSS fix status: fix kind, constellations used and dilution of precision."""

    __ontology_tag__ = "gps_status"
    status: int = required_field(
        pa.int8(), description="Fix status code (no fix, fix, SBAS, GBAS...)."
    )
    service: int = required_field(
        pa.uint16(), description="Bit mask of the GNSS services used."
    )
    satellites: int | None = arrow_field(pa.int8(), description="Satellites in use.")
    hdop: float | None = arrow_field(pa.float64(), description="Horizontal dilution of precision.")
    vdop: float | None = arrow_field(pa.float64(), description="Vertical dilution of precision.")


class GPS(Serializable):
    """A GNSS fix: position, optional velocity and optional receiver status."""

    __ontology_tag__ = "gps"
    position: Point3d = required_field(
        model=Point3d, description="Latitude, longitude and altitude."
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
    sentence: str = required_field(pa.string(), description="The sentence text.")


class Magnetometer(Serializable):
    """A magnetic field measurement."""

    __ontology_tag__ = "magnetometer"
    magnetic_field: Vector3d = required_field(
        model=Vector3d, description="Magnetic field vector (T)."
    )


class Pressure(Serializable, VarianceMixin):
    """A pressure reading."""

    __ontology_tag__ = "pressure"
    value: float = required_field(pa.float64(), description="Pressure (Pa).")

    @classmethod
    def from_atm(
        cls, *, value: float, variance: float | None = None, variance_type: int | None = None
    ) -> Self:
        """A reading given in standard atmospheres (stored in pascals)."""
        return cls(value=value * _ATM, variance=variance, variance_type=variance_type)

    @classmethod
    def from_bar(
        cls, *, value: float, variance: float | None = None, variance_type: int | None = None
    ) -> Self:
        """A reading given in bar (stored in pascals)."""
        return cls(value=value * _BAR, variance=variance, variance_type=variance_type)

    @classmethod
    def from_psi(
        cls, *, value: float, variance: float | None = None, variance_type: int | None = None
    ) -> Self:
        """A reading given in pounds per square inch (stored in pascals)."""
        return cls(value=value * _PSI, variance=variance, variance_type=variance_type)

    def to_atm(self) -> float:
        """The pressure in standard atmospheres."""
        return self.value / _ATM

    def to_bar(self) -> float:
        """The pressure in bar."""
        return self.value / _BAR

    def to_psi(self) -> float:
        """The pressure in pounds per square inch."""
        return self.value / _PSI


class Temperature(Serializable, VarianceMixin):
    """A temperature reading."""

    __ontology_tag__ = "temperature"
    value: float = required_field(pa.float64(), description="Temperature (K).")

    @classmethod
    def from_celsius(
        cls, *, value: float, variance: float | None = None, variance_type: int | None = None
    ) -> Self:
        """A reading given in degrees Celsius (stored in kelvin)."""
        return cls(value=value + _ZERO_CELSIUS, variance=variance, variance_type=variance_type)

    @classmethod
    def from_fahrenheit(
        cls, *, value: float, variance: float | None = None, variance_type: int | None = None
    ) -> Self:
        """A reading given in degrees Fahrenheit (stored in kelvin)."""
        kelvin = (value - 32) * 5 / 9 + _ZERO_CELSIUS
        return cls(value=kelvin, variance=variance, variance_type=variance_type)

    def to_celsius(self) -> float:
        """The temperature in degrees Celsius."""
        return self.value - _ZERO_CELSIUS

    def to_fahrenheit(self) -> float:
        """The temperature in degrees Fahrenheit."""
        return (self.value - _ZERO_CELSIUS) * 9 / 5 + 32


class Range(Serializable, VarianceMixin):
    """A single distance reading from a ranging sensor (ultrasound, infrared...)."""

    __ontology_tag__ = "range"
    radiation_type: int = required_field(
        pa.uint8(), description="Kind of emitted radiation (ultrasound, IR...)."
    )
    field_of_view: float = required_field(
        pa.float32(), description="Arc angle of the measurement cone (rad)."
    )
    min_range: float = required_field(
        pa.float32(), description="Smallest measurable distance (m)."
    )
    max_range: float = required_field(
        pa.float32(), description="Largest measurable distance (m)."
    )
    range: float = required_field(pa.float32(), description="Measured distance (m).")


class RobotJoint(Serializable):
    """The state of a set of joints, as parallel lists indexed like ``names``."""

    __ontology_tag__ = "robot_joint"
    names: list[str] = required_field(
        pa.list_(pa.string()), description="Joint names."
    )
    positions: list[float] = required_field(
        pa.list_(pa.float64()), description="Joint positions (rad or m)."
    )
    velocities: list[float] = required_field(
        pa.list_(pa.float64()), description="Joint velocities."
    )
    efforts: list[float] = required_field(
        pa.list_(pa.float64()), description="Joint efforts (N*m or N)."
    )
