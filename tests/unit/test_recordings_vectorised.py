"""The vectorised CDR decoding gives exactly the per-message path's rows.

Random values, frame ids of several lengths mixed, little- and big-endian payloads,
for every mapping with a vectorised builder; and layouts it cannot read fall back.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("rosbags")

from rosbags.typesys import Stores, get_typestore  # noqa: E402

from mosaicolabs.adapters.recordings.batch_decoding import batch_decoder  # noqa: E402
from mosaicolabs.adapters.recordings.mappings import mapping_for  # noqa: E402

STORE = get_typestore(Stores.ROS2_HUMBLE)
T = STORE.types
RNG = np.random.default_rng(3)
FRAMES = ["a", "imu_link", "base", "camera_optical_frame", "odom", "ab"]


def _header(i: int) -> object:
    stamp = T["builtin_interfaces/msg/Time"](sec=int(RNG.integers(0, 2**31)),
                                            nanosec=int(RNG.integers(0, 10**9)))
    return T["std_msgs/msg/Header"](stamp=stamp, frame_id=FRAMES[i % len(FRAMES)])


def _v3(kind: str = "Vector3") -> object:
    x, y, z = RNG.normal(size=3)
    return T[f"geometry_msgs/msg/{kind}"](x=x, y=y, z=z)


def _q() -> object:
    x, y, z, w = RNG.normal(size=4)
    return T["geometry_msgs/msg/Quaternion"](x=x, y=y, z=z, w=w)


def _cov(n: int, i: int) -> np.ndarray:
    return np.zeros(n) if i % 3 == 0 else RNG.normal(size=n)


def _imu(i: int) -> object:
    orientation_cov = _cov(9, i)
    if i % 4 == 1:
        orientation_cov[0] = -1.0
    return T["sensor_msgs/msg/Imu"](
        header=_header(i), orientation=_q(), orientation_covariance=orientation_cov,
        angular_velocity=_v3(), angular_velocity_covariance=_cov(9, i + 1),
        linear_acceleration=_v3(), linear_acceleration_covariance=_cov(9, i + 2))


def _gps(i: int) -> object:
    status = T["sensor_msgs/msg/NavSatStatus"](status=int(RNG.integers(-1, 3)), service=i % 16)
    lat, lon, alt = RNG.normal(size=3)
    return T["sensor_msgs/msg/NavSatFix"](header=_header(i), status=status, latitude=lat,
                                          longitude=lon, altitude=alt,
                                          position_covariance=RNG.normal(size=9),
                                          position_covariance_type=i % 4)


def _pose() -> object:
    return T["geometry_msgs/msg/Pose"](position=_v3("Point"), orientation=_q())


def _twist() -> object:
    return T["geometry_msgs/msg/Twist"](linear=_v3(), angular=_v3())


def _odometry(i: int) -> object:
    pose = T["geometry_msgs/msg/PoseWithCovariance"](pose=_pose(), covariance=RNG.normal(size=36))
    twist = T["geometry_msgs/msg/TwistWithCovariance"](twist=_twist(),
                                                       covariance=RNG.normal(size=36))
    return T["nav_msgs/msg/Odometry"](header=_header(i), child_frame_id=FRAMES[(i + 2) % 6],
                                      pose=pose, twist=twist)


def _tf(i: int) -> object:
    transforms = []
    for k in range(2):
        transform = T["geometry_msgs/msg/Transform"](translation=_v3(), rotation=_q())
        head = _header(i if k == 0 or i % 2 else i + 1)
        transforms.append(T["geometry_msgs/msg/TransformStamped"](
            header=head, child_frame_id=FRAMES[(i + k) % 6], transform=transform))
    return T["tf2_msgs/msg/TFMessage"](transforms=transforms)


def _compressed(i: int) -> object:
    size = 64 if i % 2 else int(RNG.integers(0, 300))
    return T["sensor_msgs/msg/CompressedImage"](
        header=_header(i), format="jpeg" if i % 3 else "png",
        data=RNG.integers(0, 256, size, dtype=np.uint8))


def _image(i: int) -> object:
    return T["sensor_msgs/msg/Image"](
        header=_header(i), height=4, width=5, encoding="rgb8", is_bigendian=i % 2, step=15,
        data=RNG.integers(0, 256, 60, dtype=np.uint8))


CASES = {
    "sensor_msgs/msg/Imu": _imu,
    "sensor_msgs/msg/NavSatFix": _gps,
    "nav_msgs/msg/Odometry": _odometry,
    "tf2_msgs/msg/TFMessage": _tf,
    "sensor_msgs/msg/CompressedImage": _compressed,
    "sensor_msgs/msg/Image": _image,
    "geometry_msgs/msg/Vector3": lambda i: _v3(),
    "geometry_msgs/msg/PointStamped": lambda i: T["geometry_msgs/msg/PointStamped"](
        header=_header(i), point=_v3("Point")),
    "geometry_msgs/msg/PoseWithCovarianceStamped": lambda i: T[
        "geometry_msgs/msg/PoseWithCovarianceStamped"](header=_header(i), pose=T[
            "geometry_msgs/msg/PoseWithCovariance"](pose=_pose(), covariance=RNG.normal(size=36))),
    "geometry_msgs/msg/TwistStamped": lambda i: T["geometry_msgs/msg/TwistStamped"](
        header=_header(i), twist=_twist()),
    "geometry_msgs/msg/AccelWithCovariance": lambda i: T["geometry_msgs/msg/AccelWithCovariance"](
        accel=T["geometry_msgs/msg/Accel"](linear=_v3(), angular=_v3()),
        covariance=RNG.normal(size=36)),
    "geometry_msgs/msg/TransformStamped": lambda i: T["geometry_msgs/msg/TransformStamped"](
        header=_header(i), child_frame_id=FRAMES[(i + 1) % 6],
        transform=T["geometry_msgs/msg/Transform"](translation=_v3(), rotation=_q())),
    "std_msgs/msg/Float64": lambda i: T["std_msgs/msg/Float64"](data=float(RNG.normal())),
    "std_msgs/msg/Int16": lambda i: T["std_msgs/msg/Int16"](data=int(RNG.integers(-999, 999))),
    "std_msgs/msg/UInt64": lambda i: T["std_msgs/msg/UInt64"](data=int(RNG.integers(0, 2**62))),
    "std_msgs/msg/Bool": lambda i: T["std_msgs/msg/Bool"](data=bool(i % 2)),
    "std_msgs/msg/String": lambda i: T["std_msgs/msg/String"](data=FRAMES[i % 6] + "é"),
}


def _payloads(ros_type: str, n: int, big_endian: bool) -> list[bytes]:
    from rosbags.serde.cdr import generate_serialize_cdr  # noqa: F401  # rosbags has it

    build = CASES[ros_type]
    out = []
    for i in range(n):
        message = build(i)
        if big_endian:
            out.append(bytes(STORE.serialize_cdr(message, ros_type, little_endian=False)))
        else:
            out.append(bytes(STORE.serialize_cdr(message, ros_type)))
    return out


def _check(ros_type: str, payloads: list[bytes]) -> list[int]:
    mapping = mapping_for(ros_type, None, STORE)
    decoder = batch_decoder(STORE, ros_type, "cdr", mapping)
    assert decoder is not None, ros_type
    times = [1_000 + 7 * i for i in range(len(payloads))]
    batch, rest = decoder.decode_batch(times, payloads)
    reference = mapping.to_batch(times, [STORE.deserialize_cdr(p, ros_type) for p in payloads])
    assert batch is not None
    keep = [i for i in range(len(payloads)) if i not in set(rest)]
    expected = reference.take(keep)
    assert batch.schema == expected.schema
    for name in expected.schema.names:
        assert batch.column(name).equals(expected.column(name)), (ros_type, name)
    return rest


@pytest.mark.parametrize("big_endian", [False, True])
@pytest.mark.parametrize("ros_type", sorted(CASES))
def test_vectorised_equals_per_message(ros_type: str, big_endian: bool) -> None:
    rest = _check(ros_type, _payloads(ros_type, 60, big_endian))
    assert rest == []


def test_mixed_endianness_and_lone_lengths() -> None:
    ros_type = "sensor_msgs/msg/Imu"
    payloads = _payloads(ros_type, 30, False) + _payloads(ros_type, 3, True)
    payloads.insert(5, _payloads(ros_type, 1, True)[0])
    assert _check(ros_type, payloads) == []


def test_unreadable_payloads_are_left_to_the_per_message_path() -> None:
    ros_type = "geometry_msgs/msg/PointStamped"
    good = _payloads(ros_type, 12, False)
    bad = [b"\x00\x03\x00\x00" + good[0][4:], good[1][:10]]  # PL_CDR header, truncated
    mapping = mapping_for(ros_type, None, STORE)
    decoder = batch_decoder(STORE, ros_type, "cdr", mapping)
    assert decoder is not None
    batch, rest = decoder.decode_batch(list(range(14)), [*good[:6], *bad, *good[6:]])
    assert rest == [6, 7]
    assert batch is not None and batch.num_rows == 12
    assert batch.column("recording_timestamp_ns").to_pylist() == [0, 1, 2, 3, 4, 5, 8, 9, 10,
                                                                   11, 12, 13]


def test_no_decoder_for_ros1_generic_or_png() -> None:
    from mosaicolabs.adapters.recordings.mappings import ImageMapping

    imu = mapping_for("sensor_msgs/msg/Imu")
    assert batch_decoder(STORE, "sensor_msgs/msg/Imu", "ros1", imu) is None
    assert batch_decoder(STORE, "sensor_msgs/msg/Image", "cdr", ImageMapping("png")) is None
    generic = mapping_for("sensor_msgs/msg/Temperature", None, STORE)
    assert batch_decoder(STORE, "sensor_msgs/msg/Temperature", "cdr", generic) is None
