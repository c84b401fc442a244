"""Built-in ontology models: tags, formats and Arrow layouts match the wire spec, and round-trip.

The expected layouts are copied verbatim from the ontology spec (the column layouts the
official ``mosaicolabs`` 0.3.2 client writes), one ``"name: type[ not null]"`` string per
top-level column, as pyarrow prints the field.
"""

from __future__ import annotations

import dataclasses

import pyarrow as pa
import pytest

from mosaicolabs.domain.ontology import models
from mosaicolabs.domain.ontology.columns import batch_to_messages, messages_to_batch
from mosaicolabs.domain.ontology.message import ENVELOPE_FIELDS, Message, message_schema
from mosaicolabs.domain.ontology.models import (
    GPS,
    IMU,
    ROI,
    Acceleration,
    Boolean,
    CameraInfo,
    CompressedImage,
    Floating16,
    Floating32,
    Floating64,
    ForceTorque,
    GPSStatus,
    Image,
    Integer8,
    Integer16,
    Integer32,
    Integer64,
    LargeString,
    Magnetometer,
    MotionState,
    NMEASentence,
    Point2d,
    Point3d,
    Pose,
    Pressure,
    Quaternion,
    Range,
    RobotJoint,
    String,
    Temperature,
    Transform,
    Unsigned8,
    Unsigned16,
    Unsigned32,
    Unsigned64,
    Vector2d,
    Vector3d,
    Vector4d,
    Velocity,
)
from mosaicolabs.domain.ontology.serializable import Serializable, model_for_tag

# tag -> (Python class name, serialization format, columns as printed in the spec)
EXPECTED: dict[str, tuple[str, str, list[str]]] = {
    "acceleration": ("Acceleration", "default", [
        (
            "linear: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16>"
        ),
        (
            "angular: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16>"
        ),
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "boolean": ("Boolean", "default", [
        "data: bool not null",
    ]),
    "camera_info": ("CameraInfo", "default", [
        "height: uint32 not null",
        "width: uint32 not null",
        "distortion_model: string not null",
        "distortion_parameters: list<item: double> not null",
        "intrinsic_parameters: fixed_size_list<item: double>[9] not null",
        "rectification_parameters: fixed_size_list<item: double>[9] not null",
        "projection_parameters: fixed_size_list<item: double>[12] not null",
        (
            "binning: struct<x: double, y: double, covariance: list<item: double>, "
            "covariance_type: int16>"
        ),
        (
            "roi: struct<offset: struct<x: double, y: double, covariance: list<item: double>, "
            "covariance_type: int16> not null, height: uint32 not null, width: uint32 not null, "
            "do_rectify: bool>"
        ),
    ]),
    "compressed_image": ("CompressedImage", "image", [
        "data: binary not null",
        "format: string not null",
    ]),
    "floating16": ("Floating16", "default", [
        "data: halffloat not null",
    ]),
    "floating32": ("Floating32", "default", [
        "data: float not null",
    ]),
    "floating64": ("Floating64", "default", [
        "data: double not null",
    ]),
    "force_torque": ("ForceTorque", "default", [
        (
            "force: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16> not null"
        ),
        (
            "torque: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16> not null"
        ),
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "gps": ("GPS", "default", [
        (
            "position: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16> not null"
        ),
        (
            "velocity: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16>"
        ),
        (
            "status: struct<status: int8 not null, service: uint16 not null, satellites: int8, "
            "hdop: double, vdop: double>"
        ),
    ]),
    "gps_status": ("GPSStatus", "default", [
        "status: int8 not null",
        "service: uint16 not null",
        "satellites: int8",
        "hdop: double",
        "vdop: double",
    ]),
    "image": ("Image", "image", [
        "data: binary not null",
        "format: string not null",
        "width: int32 not null",
        "height: int32 not null",
        "stride: int32 not null",
        "encoding: string not null",
        "is_bigendian: bool",
    ]),
    "imu": ("IMU", "default", [
        (
            "acceleration: struct<x: double, y: double, z: double, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
        (
            "angular_velocity: struct<x: double, y: double, z: double, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
        (
            "orientation: struct<x: double, y: double, z: double, w: double, "
            "covariance: list<item: double>, covariance_type: int16>"
        ),
    ]),
    "integer16": ("Integer16", "default", [
        "data: int16 not null",
    ]),
    "integer32": ("Integer32", "default", [
        "data: int32 not null",
    ]),
    "integer64": ("Integer64", "default", [
        "data: int64 not null",
    ]),
    "integer8": ("Integer8", "default", [
        "data: int8 not null",
    ]),
    "large_string": ("LargeString", "default", [
        "data: large_string not null",
    ]),
    "magnetometer": ("Magnetometer", "default", [
        (
            "magnetic_field: struct<x: double, y: double, z: double, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
    ]),
    "motion_state": ("MotionState", "default", [
        (
            "pose: struct<position: struct<x: double, y: double, z: double, "
            "covariance: list<item: double>, covariance_type: int16> not null, "
            "orientation: struct<x: double, y: double, z: double, w: double, "
            "covariance: list<item: double>, covariance_type: int16> not null, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
        (
            "velocity: struct<linear: struct<x: double, y: double, z: double, "
            "covariance: list<item: double>, covariance_type: int16>, angular: struct<x: double, "
            "y: double, z: double, covariance: list<item: double>, covariance_type: int16>, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
        "target_frame_id: string not null",
        (
            "acceleration: struct<linear: struct<x: double, y: double, z: double, "
            "covariance: list<item: double>, covariance_type: int16>, angular: struct<x: double, "
            "y: double, z: double, covariance: list<item: double>, covariance_type: int16>, "
            "covariance: list<item: double>, covariance_type: int16>"
        ),
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "nmea_sentence": ("NMEASentence", "default", [
        "sentence: string not null",
    ]),
    "point_2_d": ("Point2d", "default", [
        "x: double",
        "y: double",
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "point_3_d": ("Point3d", "default", [
        "x: double",
        "y: double",
        "z: double",
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "pose": ("Pose", "default", [
        (
            "position: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16> not null"
        ),
        (
            "orientation: struct<x: double, y: double, z: double, w: double, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "pressure": ("Pressure", "default", [
        "value: double not null",
        "variance: double",
        "variance_type: int16",
    ]),
    "quaternion": ("Quaternion", "default", [
        "x: double",
        "y: double",
        "z: double",
        "w: double",
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "range": ("Range", "default", [
        "radiation_type: uint8 not null",
        "field_of_view: float not null",
        "min_range: float not null",
        "max_range: float not null",
        "range: float not null",
        "variance: double",
        "variance_type: int16",
    ]),
    "robot_joint": ("RobotJoint", "default", [
        "names: list<item: string> not null",
        "positions: list<item: double> not null",
        "velocities: list<item: double> not null",
        "efforts: list<item: double> not null",
    ]),
    "roi": ("ROI", "default", [
        (
            "offset: struct<x: double, y: double, covariance: list<item: double>, "
            "covariance_type: int16> not null"
        ),
        "height: uint32 not null",
        "width: uint32 not null",
        "do_rectify: bool",
    ]),
    "string": ("String", "default", [
        "data: string not null",
    ]),
    "temperature": ("Temperature", "default", [
        "value: double not null",
        "variance: double",
        "variance_type: int16",
    ]),
    "transform": ("Transform", "default", [
        (
            "translation: struct<x: double, y: double, z: double, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
        (
            "rotation: struct<x: double, y: double, z: double, w: double, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
        "target_frame_id: string",
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "unsigned16": ("Unsigned16", "default", [
        "data: uint16 not null",
    ]),
    "unsigned32": ("Unsigned32", "default", [
        "data: uint32 not null",
    ]),
    "unsigned64": ("Unsigned64", "default", [
        "data: uint64 not null",
    ]),
    "unsigned8": ("Unsigned8", "default", [
        "data: uint8 not null",
    ]),
    "vector_2_d": ("Vector2d", "default", [
        "x: double",
        "y: double",
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "vector_3_d": ("Vector3d", "default", [
        "x: double",
        "y: double",
        "z: double",
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "vector_4_d": ("Vector4d", "default", [
        "x: double",
        "y: double",
        "z: double",
        "w: double",
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "velocity": ("Velocity", "default", [
        (
            "linear: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16>"
        ),
        (
            "angular: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16>"
        ),
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
}

ENVELOPE = [
    "timestamp_ns: int64 not null",
    "recording_timestamp_ns: int64",
    "frame_id: string",
    "sequence_id: uint32",
]


def _printed(field: pa.Field) -> str:
    return f"{field.name}: {field.type}" + ("" if field.nullable else " not null")


def _cov(n: int, scale: float = 0.01) -> list[float]:
    """A flattened n x n diagonal covariance."""
    return [scale if i % (n + 1) == 0 else 0.0 for i in range(n * n)]


def _v3(x: float, y: float, z: float, cov: bool = False) -> Vector3d:
    return Vector3d(x=x, y=y, z=z, covariance=_cov(3) if cov else None,
                    covariance_type=2 if cov else None)


def _quat(x: float, y: float, z: float, w: float, cov: bool = False) -> Quaternion:
    return Quaternion(x=x, y=y, z=z, w=w, covariance=_cov(3, 0.001) if cov else None,
                      covariance_type=1 if cov else None)


def _pose(x: float, cov: bool = False) -> Pose:
    return Pose(
        position=Point3d(x=x, y=-2.5, z=0.1, covariance=_cov(3) if cov else None),
        orientation=_quat(0.0, 0.0, 0.3826834, 0.9238795),
        covariance=_cov(6) if cov else None,
        covariance_type=3 if cov else None,
    )


_K = [525.0, 0.0, 319.5, 0.0, 525.0, 239.5, 0.0, 0.0, 1.0]
_R = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]
_P = [525.0, 0.0, 319.5, 0.0, 0.0, 525.0, 239.5, 0.0, 0.0, 0.0, 1.0, 0.0]

#: tag -> at least 3 realistic instances, covering None optionals, null nested structs,
#: non-empty lists and extreme values of each integer type.
SAMPLES: dict[str, list[Serializable]] = {
    "integer8": [Integer8(data=-128), Integer8(data=0), Integer8(data=127)],
    "integer16": [Integer16(data=-32768), Integer16(data=12), Integer16(data=32767)],
    "integer32": [Integer32(data=-(2**31)), Integer32(data=7), Integer32(data=2**31 - 1)],
    "integer64": [Integer64(data=-(2**63)), Integer64(data=0), Integer64(data=2**63 - 1)],
    "unsigned8": [Unsigned8(data=0), Unsigned8(data=42), Unsigned8(data=255)],
    "unsigned16": [Unsigned16(data=0), Unsigned16(data=1000), Unsigned16(data=65535)],
    "unsigned32": [Unsigned32(data=0), Unsigned32(data=99), Unsigned32(data=2**32 - 1)],
    "unsigned64": [Unsigned64(data=0), Unsigned64(data=5), Unsigned64(data=2**64 - 1)],
    "floating16": [Floating16(data=0.5), Floating16(data=-1.25), Floating16(data=1024.0)],
    "floating32": [Floating32(data=0.5), Floating32(data=-3.75), Floating32(data=2.0**-20)],
    "floating64": [Floating64(data=3.141592653589793), Floating64(data=-1e300),
                   Floating64(data=0.0)],
    "boolean": [Boolean(data=True), Boolean(data=False), Boolean(data=True)],
    "string": [String(data="hello"), String(data=""), String(data="ünïcödé ✓")],
    "large_string": [LargeString(data="x" * 5000), LargeString(data=""),
                     LargeString(data="log line\nwith newline")],
    "vector_2_d": [
        Vector2d(x=1.0, y=2.0),
        Vector2d(x=None, y=-0.5, covariance=[0.1, 0.0, 0.0, 0.1], covariance_type=1),
        Vector2d(),
    ],
    "vector_3_d": [_v3(0.1, 0.2, 9.81, cov=True), _v3(-1.0, 0.0, 1.0), Vector3d(z=4.0)],
    "vector_4_d": [
        Vector4d(x=1.0, y=2.0, z=3.0, w=4.0),
        Vector4d(x=0.0, y=0.0, z=0.0, w=1.0, covariance=_cov(4), covariance_type=0),
        Vector4d(w=None),
    ],
    "point_2_d": [
        Point2d(x=10.5, y=-3.25),
        Point2d(x=0.0, y=0.0, covariance=[1.0, 0.5, 0.5, 1.0], covariance_type=4),
        Point2d(y=7.0),
    ],
    "point_3_d": [
        Point3d(x=1.0, y=2.0, z=3.0),
        Point3d(x=-1.0, y=-2.0, z=-3.0, covariance=_cov(3), covariance_type=2),
        Point3d(),
    ],
    "quaternion": [_quat(0.0, 0.0, 0.0, 1.0), _quat(0.5, 0.5, 0.5, 0.5, cov=True),
                   Quaternion(w=1.0)],
    "transform": [
        Transform(translation=_v3(1.0, 0.0, 0.5), rotation=_quat(0.0, 0.0, 0.0, 1.0),
                  target_frame_id="base_link"),
        Transform(translation=_v3(0.0, 0.2, 0.0, cov=True),
                  rotation=_quat(0.0, 0.7071068, 0.0, 0.7071068, cov=True),
                  covariance=_cov(6), covariance_type=1),
        Transform(translation=Vector3d(), rotation=Quaternion(), target_frame_id="map"),
    ],
    "pose": [_pose(1.0), _pose(2.0, cov=True),
             Pose(position=Point3d(), orientation=Quaternion())],
    "force_torque": [
        ForceTorque(force=_v3(0.0, 0.0, -9.81), torque=_v3(0.1, 0.0, 0.0)),
        ForceTorque(force=_v3(1.0, 2.0, 3.0, cov=True), torque=_v3(0.0, 0.0, 0.5, cov=True),
                    covariance=_cov(6), covariance_type=2),
        ForceTorque(force=Vector3d(), torque=Vector3d(x=1.5)),
    ],
    "velocity": [
        Velocity(linear=_v3(1.0, 0.0, 0.0), angular=_v3(0.0, 0.0, 0.2)),
        Velocity(linear=_v3(0.5, 0.1, 0.0, cov=True), angular=None, covariance=_cov(6),
                 covariance_type=1),
        Velocity(),
    ],
    "acceleration": [
        Acceleration(linear=_v3(0.0, 0.0, 9.81), angular=None),
        Acceleration(linear=None, angular=_v3(0.0, 0.1, 0.0, cov=True)),
        Acceleration(linear=_v3(1.0, 1.0, 1.0), angular=_v3(0.0, 0.0, 0.0),
                     covariance=_cov(6), covariance_type=3),
    ],
    "motion_state": [
        MotionState(pose=_pose(1.0), velocity=Velocity(linear=_v3(1.0, 0.0, 0.0)),
                    target_frame_id="odom"),
        MotionState(pose=_pose(2.0, cov=True),
                    velocity=Velocity(linear=_v3(0.5, 0.0, 0.0), angular=_v3(0.0, 0.0, 0.1)),
                    target_frame_id="map",
                    acceleration=Acceleration(linear=_v3(0.1, 0.0, 0.0)),
                    covariance=_cov(6), covariance_type=2),
        MotionState(pose=Pose(position=Point3d(), orientation=Quaternion()),
                    velocity=Velocity(), target_frame_id="", acceleration=Acceleration()),
    ],
    "roi": [
        ROI(offset=Vector2d(x=10.0, y=20.0), height=100, width=200, do_rectify=True),
        ROI(offset=Vector2d(x=0.0, y=0.0), height=0, width=0),
        ROI(offset=Vector2d(), height=2**32 - 1, width=1, do_rectify=False),
    ],
    "camera_info": [
        CameraInfo(height=480, width=640, distortion_model="plumb_bob",
                   distortion_parameters=[-0.28, 0.07, 0.0, 0.0, 0.0],
                   intrinsic_parameters=_K, rectification_parameters=_R,
                   projection_parameters=_P),
        CameraInfo(height=480, width=640, distortion_model="equidistant",
                   distortion_parameters=[0.1, -0.01, 0.002, 0.0],
                   intrinsic_parameters=_K, rectification_parameters=_R,
                   projection_parameters=_P, binning=Vector2d(x=2.0, y=2.0),
                   roi=ROI(offset=Vector2d(x=8.0, y=4.0), height=240, width=320,
                           do_rectify=True)),
        CameraInfo(height=1080, width=1920, distortion_model="none", distortion_parameters=[],
                   intrinsic_parameters=_K, rectification_parameters=_R,
                   projection_parameters=_P, binning=None,
                   roi=ROI(offset=Vector2d(), height=1080, width=1920)),
    ],
    "gps_status": [
        GPSStatus(status=0, service=1, satellites=9, hdop=0.8, vdop=1.2),
        GPSStatus(status=-1, service=0),
        GPSStatus(status=2, service=15, satellites=None, hdop=1.5, vdop=None),
    ],
    "gps": [
        GPS(position=Point3d(x=45.4642, y=9.19, z=122.0, covariance=_cov(3, 2.5),
                             covariance_type=2),
            velocity=_v3(0.5, 0.2, 0.0),
            status=GPSStatus(status=0, service=1, satellites=11, hdop=0.7, vdop=1.1)),
        GPS(position=Point3d(x=45.4643, y=9.1901, z=121.5)),
        GPS(position=Point3d(x=0.0, y=0.0, z=0.0), velocity=None,
            status=GPSStatus(status=-1, service=0)),
    ],
    "nmea_sentence": [
        NMEASentence(sentence="$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47"),
        NMEASentence(sentence="$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A"),
        NMEASentence(sentence=""),
    ],
    "image": [
        Image(data=bytes(range(256)) * 3, format="raw", width=16, height=16, stride=48,
              encoding="rgb8", is_bigendian=False),
        Image(data=b"\x00\x01" * 32, format="raw", width=8, height=4, stride=16,
              encoding="mono16", is_bigendian=True),
        Image(data=b"", format="raw", width=0, height=0, stride=0, encoding="mono8"),
    ],
    "compressed_image": [
        CompressedImage(data=b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9",
                        format="jpeg"),
        CompressedImage(data=b"\x89PNG\r\n\x1a\n" + bytes(range(40)), format="png"),
        CompressedImage(data=b"", format="jpeg"),
    ],
    "imu": [
        IMU(acceleration=_v3(0.01, -0.02, 9.81, cov=True), angular_velocity=_v3(0.0, 0.0, 0.1),
            orientation=_quat(0.0, 0.0, 0.0, 1.0, cov=True)),
        IMU(acceleration=_v3(0.0, 0.0, 9.8), angular_velocity=_v3(0.1, 0.0, 0.0)),
        IMU(acceleration=Vector3d(), angular_velocity=Vector3d(z=0.5), orientation=None),
    ],
    "magnetometer": [
        Magnetometer(magnetic_field=_v3(2.2e-5, -4.1e-6, 4.3e-5, cov=True)),
        Magnetometer(magnetic_field=_v3(0.0, 0.0, 0.0)),
        Magnetometer(magnetic_field=Vector3d(x=1e-5)),
    ],
    "pressure": [
        Pressure(value=101325.0, variance=4.0, variance_type=1),
        Pressure(value=99800.5),
        Pressure(value=0.0, variance=None, variance_type=0),
    ],
    "temperature": [
        Temperature(value=293.15, variance=0.01, variance_type=1),
        Temperature(value=310.0),
        Temperature(value=0.0, variance=None, variance_type=None),
    ],
    "range": [
        Range(radiation_type=0, field_of_view=0.5, min_range=0.25, max_range=4.0, range=1.5,
              variance=0.0004, variance_type=1),
        Range(radiation_type=1, field_of_view=0.125, min_range=0.0, max_range=8.0, range=8.0),
        Range(radiation_type=255, field_of_view=1.0, min_range=0.5, max_range=2.0,
              range=0.75),
    ],
    "robot_joint": [
        RobotJoint(names=["shoulder", "elbow", "wrist"], positions=[0.1, -1.2, 0.5],
                   velocities=[0.0, 0.05, -0.1], efforts=[1.5, 0.7, 0.1]),
        RobotJoint(names=["gripper"], positions=[0.04], velocities=[0.0], efforts=[5.0]),
        RobotJoint(names=[], positions=[], velocities=[], efforts=[]),
    ],
}

TAGS = sorted(EXPECTED)


def _messages(tag: str) -> list[Message]:
    return [
        Message(
            timestamp_ns=1_700_000_000_000_000_000 + i * 10_000_000,
            data=data,
            recording_timestamp_ns=None if i % 2 else 1_700_000_000_000_500_000 + i,
            frame_id=None if i == 1 else f"{tag}_frame",
            sequence_id=i if i != 2 else None,
        )
        for i, data in enumerate(SAMPLES[tag])
    ]


def test_spec_and_models_module_cover_the_same_classes():
    assert sorted(models.__all__) == sorted(name for name, _, _ in EXPECTED.values())
    assert set(SAMPLES) == set(EXPECTED)


@pytest.mark.parametrize("tag", TAGS)
def test_tag_is_registered_with_class_and_format(tag):
    name, fmt, _ = EXPECTED[tag]
    model = getattr(models, name)
    assert model.__name__ == name
    assert model.__dict__["__ontology_tag__"] == tag  # set explicitly, not derived
    assert model_for_tag(tag) is model
    assert model.__serialization_format__ == fmt


@pytest.mark.parametrize("tag", TAGS)
def test_arrow_layout_matches_spec(tag):
    name, _, columns = EXPECTED[tag]
    model = getattr(models, name)
    assert [_printed(f) for f in model.arrow_fields()] == columns
    assert all(f.metadata and f.metadata.get(b"description") for f in model.arrow_fields())


@pytest.mark.parametrize("tag", TAGS)
def test_message_schema_is_envelope_then_model_columns(tag):
    model = model_for_tag(tag)
    schema = message_schema(model)
    assert [_printed(f) for f in schema][:4] == ENVELOPE
    assert list(schema)[:4] == list(ENVELOPE_FIELDS)
    assert [_printed(f) for f in schema][4:] == EXPECTED[tag][2]


@pytest.mark.parametrize("tag", TAGS)
def test_round_trip(tag):
    model = model_for_tag(tag)
    msgs = _messages(tag)
    assert len(msgs) >= 3 and all(type(m.data) is model for m in msgs)
    schema = message_schema(model)
    batch = messages_to_batch(model, msgs, schema)
    assert batch.schema == schema
    batch.validate(full=True)
    assert batch_to_messages(model, batch) == msgs
    # Through IPC (what goes on the wire) and on a sliced batch (offsets into children).
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, schema) as writer:
        writer.write_batch(batch)
    received = pa.ipc.open_stream(sink.getvalue()).read_next_batch()
    assert batch_to_messages(model, received) == msgs
    assert batch_to_messages(model, batch.slice(1)) == msgs[1:]


def _required_cases() -> list[tuple[str, str]]:
    return [
        (tag, f.arrow.name)
        for tag in TAGS
        for f in model_for_tag(tag).model_spec().fields
        if not f.arrow.nullable
    ]


@pytest.mark.parametrize(("tag", "missing"), _required_cases())
def test_missing_required_field_raises_type_error(tag, missing):
    model = model_for_tag(tag)
    sample = SAMPLES[tag][0]
    kwargs = {f.name: getattr(sample, f.name) for f in dataclasses.fields(model)}
    assert model(**kwargs) == sample
    del kwargs[missing]
    with pytest.raises(TypeError, match=missing):
        model(**kwargs)


@pytest.mark.parametrize("tag", TAGS)
def test_optional_fields_default_to_none(tag):
    model = model_for_tag(tag)
    sample = SAMPLES[tag][0]
    required = {f.arrow.name for f in model.model_spec().fields if not f.arrow.nullable}
    obj = model(**{name: getattr(sample, name) for name in required})
    for f in dataclasses.fields(model):
        if f.name not in required:
            assert getattr(obj, f.name) is None
