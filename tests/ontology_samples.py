"""Sample messages for every built-in ontology model (shared by unit and contract tests)."""

from __future__ import annotations

from mosaicolabs.domain.ontology.message import Message
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
from mosaicolabs.domain.ontology.serializable import Serializable


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



def messages_for(tag: str) -> list[Message]:
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
