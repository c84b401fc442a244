"""ROS message <-> model mappings: columns written out by hand, schemas, round trips."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

pytest.importorskip("rosbags")

from rosbags.typesys import Stores, get_types_from_msg, get_typestore  # noqa: E402

from mosaicolabs.adapters.recordings import mappings  # noqa: E402
from mosaicolabs.adapters.recordings.mappings import (  # noqa: E402
    GenericMapping,
    ImageMapping,
    mapping_for,
    register_mapping,
    registered_types,
)
from mosaicolabs.domain.ontology.message import message_schema  # noqa: E402

TS = get_typestore(Stores.ROS2_HUMBLE)
T = TS.types
LOG = 777  # log time of every message (ns)
STAMP = 12_000_000_345  # header stamp 12 s 345 ns


def hdr(frame: str = "base_link", store: Any = TS, **extra: Any) -> Any:
    stamp = store.types["builtin_interfaces/msg/Time"](sec=12, nanosec=345)
    return store.types["std_msgs/msg/Header"](stamp=stamp, frame_id=frame, **extra)


def v3(x: float, y: float, z: float) -> Any:
    return T["geometry_msgs/msg/Vector3"](x=x, y=y, z=z)


def pt(x: float, y: float, z: float) -> Any:
    return T["geometry_msgs/msg/Point"](x=x, y=y, z=z)


def quat(x: float, y: float, z: float, w: float) -> Any:
    return T["geometry_msgs/msg/Quaternion"](x=x, y=y, z=z, w=w)


def xyz(x: float, y: float, z: float, cov: Any = None, ctype: Any = None) -> dict[str, Any]:
    return {"x": x, "y": y, "z": z, "covariance": cov, "covariance_type": ctype}


def xyzw(x: float, y: float, z: float, w: float, cov: Any = None) -> dict[str, Any]:
    return {"x": x, "y": y, "z": z, "w": w, "covariance": cov, "covariance_type": None}


def pair(a: str, av: Any, b: str, bv: Any, cov: Any = None, **more: Any) -> dict[str, Any]:
    return {a: av, b: bv, **more, "covariance": cov, "covariance_type": None}


def same(a: Any, b: Any) -> bool:
    """Field-by-field equality of ROS message objects (numpy arrays by value)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return bool(np.array_equal(np.asarray(a), np.asarray(b)))
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    if hasattr(a, "__dataclass_fields__"):
        return type(a).__name__ == type(b).__name__ and all(
            same(getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__)
    return bool(a == b)


COV36 = [i / 4 for i in range(36)]
COV9 = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
P = pt(4.0, 5.5, -6.0)
Q = quat(0.1, 0.2, 0.3, 0.9)
PD, QD = xyz(4.0, 5.5, -6.0), xyzw(0.1, 0.2, 0.3, 0.9)
V1, V2 = v3(1.5, -2.25, 3.125), v3(-7.0, 8.5, 0.75)
V1D, V2D = xyz(1.5, -2.25, 3.125), xyz(-7.0, 8.5, 0.75)
POSE = T["geometry_msgs/msg/Pose"](position=P, orientation=Q)
TWIST = T["geometry_msgs/msg/Twist"](linear=V1, angular=V2)
ACCEL = T["geometry_msgs/msg/Accel"](linear=V2, angular=V1)
TRANSFORM = T["geometry_msgs/msg/Transform"](translation=V1, rotation=Q)
WRENCH = T["geometry_msgs/msg/Wrench"](force=V2, torque=V1)
G = "geometry_msgs/msg/"


def _geometry_cases() -> list[tuple[str, Any, dict[str, Any]]]:
    h = hdr()
    cov = np.array(COV36)
    pose_d = pair("position", PD, "orientation", QD)
    twist_d = pair("linear", V1D, "angular", V2D)
    accel_d = pair("linear", V2D, "angular", V1D)
    return [
        (G + "Vector3", V1, V1D),
        (G + "Vector3Stamped", T[G + "Vector3Stamped"](header=h, vector=V1), V1D),
        (G + "Point", P, PD),
        (G + "PointStamped", T[G + "PointStamped"](header=h, point=P), PD),
        (G + "Quaternion", Q, QD),
        (G + "QuaternionStamped", T[G + "QuaternionStamped"](header=h, quaternion=Q), QD),
        (G + "Pose", POSE, pose_d),
        (G + "PoseStamped", T[G + "PoseStamped"](header=h, pose=POSE), pose_d),
        (G + "PoseWithCovariance", T[G + "PoseWithCovariance"](pose=POSE, covariance=cov),
         {**pose_d, "covariance": COV36}),
        (G + "PoseWithCovarianceStamped", T[G + "PoseWithCovarianceStamped"](
            header=h, pose=T[G + "PoseWithCovariance"](pose=POSE, covariance=cov)),
         {**pose_d, "covariance": COV36}),
        (G + "Twist", TWIST, twist_d),
        (G + "TwistStamped", T[G + "TwistStamped"](header=h, twist=TWIST), twist_d),
        (G + "TwistWithCovariance", T[G + "TwistWithCovariance"](twist=TWIST, covariance=cov),
         {**twist_d, "covariance": COV36}),
        (G + "TwistWithCovarianceStamped", T[G + "TwistWithCovarianceStamped"](
            header=h, twist=T[G + "TwistWithCovariance"](twist=TWIST, covariance=cov)),
         {**twist_d, "covariance": COV36}),
        (G + "Accel", ACCEL, accel_d),
        (G + "AccelStamped", T[G + "AccelStamped"](header=h, accel=ACCEL), accel_d),
        (G + "AccelWithCovariance", T[G + "AccelWithCovariance"](accel=ACCEL, covariance=cov),
         {**accel_d, "covariance": COV36}),
        (G + "AccelWithCovarianceStamped", T[G + "AccelWithCovarianceStamped"](
            header=h, accel=T[G + "AccelWithCovariance"](accel=ACCEL, covariance=cov)),
         {**accel_d, "covariance": COV36}),
        (G + "Transform", TRANSFORM,
         pair("translation", V1D, "rotation", QD, target_frame_id=None)),
        (G + "TransformStamped", T[G + "TransformStamped"](
            header=h, child_frame_id="camera", transform=TRANSFORM),
         pair("translation", V1D, "rotation", QD, target_frame_id="camera")),
        (G + "Wrench", WRENCH, pair("force", V2D, "torque", V1D)),
        (G + "WrenchStamped", T[G + "WrenchStamped"](header=h, wrench=WRENCH),
         pair("force", V2D, "torque", V1D)),
    ]


S = "sensor_msgs/msg/"
ROI_MSG = T[S + "RegionOfInterest"](x_offset=10, y_offset=20, height=100, width=200,
                                    do_rectify=True)
ROI_D = {"offset": {"x": 10.0, "y": 20.0, "covariance": None, "covariance_type": None},
         "height": 100, "width": 200, "do_rectify": True}
K = [500.0, 0.0, 320.0, 0.0, 510.0, 240.0, 0.0, 0.0, 1.0]
R = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]
PROJ = [500.0, 0.0, 320.0, 0.5, 0.0, 510.0, 240.0, 0.25, 0.0, 0.0, 1.0, 0.0]


def _sensor_cases() -> list[tuple[str, Any, dict[str, Any]]]:
    h = hdr()
    status = T[S + "NavSatStatus"](status=2, service=1)
    fields = [T[S + "PointField"](name="x", offset=0, datatype=7, count=1),
              T[S + "PointField"](name="y", offset=4, datatype=7, count=1)]
    return [
        (S + "Imu", T[S + "Imu"](
            header=h, orientation=Q, orientation_covariance=np.array(COV9),
            angular_velocity=V2, angular_velocity_covariance=np.zeros(9),
            linear_acceleration=V1, linear_acceleration_covariance=np.full(9, 0.5)),
         {"acceleration": xyz(1.5, -2.25, 3.125, [0.5] * 9),
          "angular_velocity": V2D, "orientation": xyzw(0.1, 0.2, 0.3, 0.9, COV9)}),
        (S + "NavSatFix", T[S + "NavSatFix"](
            header=h, status=status, latitude=45.5, longitude=9.25, altitude=120.75,
            position_covariance=np.array(COV9), position_covariance_type=2),
         {"position": xyz(45.5, 9.25, 120.75, COV9, 2), "velocity": None,
          "status": {"status": 2, "service": 1, "satellites": None, "hdop": None,
                     "vdop": None}}),
        (S + "NavSatStatus", T[S + "NavSatStatus"](status=-1, service=4),
         {"status": -1, "service": 4, "satellites": None, "hdop": None, "vdop": None}),
        (S + "JointState", T[S + "JointState"](
            header=h, name=["shoulder", "elbow"], position=np.array([0.5, 1.5]),
            velocity=np.array([0.125, -0.25]), effort=np.array([])),
         {"names": ["shoulder", "elbow"], "positions": [0.5, 1.5],
          "velocities": [0.125, -0.25], "efforts": []}),
        (S + "BatteryState", T[S + "BatteryState"](
            header=h, voltage=12.5, temperature=30.5, current=-1.25, charge=2.5,
            capacity=5.0, design_capacity=6.0, percentage=0.5, power_supply_status=2,
            power_supply_health=1, power_supply_technology=3, present=True,
            cell_voltage=np.array([3.5, 3.75], np.float32),
            cell_temperature=np.array([25.5, 26.0], np.float32), location="slot1",
            serial_number="SN42"),
         {"voltage": 12.5, "temperature": 30.5, "current": -1.25, "charge": 2.5,
          "capacity": 5.0, "design_capacity": 6.0, "percentage": 0.5,
          "power_supply_status": 2, "power_supply_health": 1, "power_supply_technology": 3,
          "present": True, "location": "slot1", "serial_number": "SN42",
          "cell_voltage": [3.5, 3.75], "cell_temperature": [25.5, 26.0]}),
        (S + "Image", T[S + "Image"](
            header=h, height=2, width=2, encoding="rgb8", is_bigendian=0, step=6,
            data=np.arange(12, dtype=np.uint8)),
         {"data": bytes(range(12)), "format": "raw", "width": 2, "height": 2, "stride": 6,
          "encoding": "rgb8", "is_bigendian": False}),
        (S + "CompressedImage", T[S + "CompressedImage"](
            header=h, format="jpeg", data=np.array([0xFF, 0xD8, 0xFF, 0xE0], np.uint8)),
         {"data": b"\xff\xd8\xff\xe0", "format": "jpeg"}),
        (S + "RegionOfInterest", ROI_MSG, ROI_D),
        (S + "CameraInfo", T[S + "CameraInfo"](
            header=h, height=480, width=640, distortion_model="plumb_bob",
            d=np.array([0.1, -0.2, 0.001, 0.002, 0.0]), k=np.array(K), r=np.array(R),
            p=np.array(PROJ), binning_x=2, binning_y=3, roi=ROI_MSG),
         {"height": 480, "width": 640, "distortion_model": "plumb_bob",
          "distortion_parameters": [0.1, -0.2, 0.001, 0.002, 0.0], "intrinsic_parameters": K,
          "rectification_parameters": R, "projection_parameters": PROJ,
          "binning": {"x": 2.0, "y": 3.0, "covariance": None, "covariance_type": None},
          "roi": ROI_D}),
        (S + "PointCloud2", T[S + "PointCloud2"](
            header=h, height=1, width=2, fields=fields, is_bigendian=False, point_step=8,
            row_step=16, data=np.arange(16, dtype=np.uint8), is_dense=True),
         {"height": 1, "width": 2, "is_bigendian": False, "point_step": 8, "row_step": 16,
          "data": bytes(range(16)), "is_dense": True,
          "fields": [{"name": "x", "offset": 0, "datatype": 7, "count": 1},
                     {"name": "y", "offset": 4, "datatype": 7, "count": 1}]}),
    ]


def _std_cases() -> list[tuple[str, Any, dict[str, Any]]]:
    scalars = [("Bool", True), ("Int8", -8), ("Int16", -1600), ("Int32", -320000),
               ("Int64", -6_400_000_000), ("UInt8", 200), ("UInt16", 60000),
               ("UInt32", 4_000_000_000), ("UInt64", 2**63 + 5), ("Float32", 1.5),
               ("Float64", 2.718281828), ("String", "héllo")]
    cases = [(f"std_msgs/msg/{n}", T[f"std_msgs/msg/{n}"](data=v), {"data": v})
             for n, v in scalars]
    odom = T["nav_msgs/msg/Odometry"](
        header=hdr("odom"), child_frame_id="base_link",
        pose=T[G + "PoseWithCovariance"](pose=POSE, covariance=np.array(COV36)),
        twist=T[G + "TwistWithCovariance"](twist=TWIST, covariance=np.array(COV36[::-1])))
    cases.append(("nav_msgs/msg/Odometry", odom, {
        "pose": pair("position", PD, "orientation", QD, COV36),
        "velocity": pair("linear", V1D, "angular", V2D, COV36[::-1]),
        "target_frame_id": "base_link", "acceleration": None,
        "covariance": None, "covariance_type": None}))
    stamp = T["builtin_interfaces/msg/Time"](sec=0, nanosec=LOG)  # TF stamps: the log time
    tf_header = T["std_msgs/msg/Header"](stamp=stamp, frame_id="map")
    tf = T["tf2_msgs/msg/TFMessage"](transforms=[
        T[G + "TransformStamped"](header=tf_header, child_frame_id="odom", transform=TRANSFORM),
        T[G + "TransformStamped"](header=tf_header, child_frame_id="base",
                                  transform=T[G + "Transform"](translation=V2, rotation=Q))])
    cases.append(("tf2_msgs/msg/TFMessage", tf, {"transforms": [
        pair("translation", V1D, "rotation", QD, target_frame_id="odom"),
        pair("translation", V2D, "rotation", QD, target_frame_id="base")]}))
    return cases


CASES = _geometry_cases() + _sensor_cases() + _std_cases()
UNSTAMPED = {G + n for n in ("Vector3", "Point", "Quaternion", "Pose", "PoseWithCovariance",
                             "Twist", "TwistWithCovariance", "Accel", "AccelWithCovariance",
                             "Transform", "Wrench")} | {
    S + "NavSatStatus", S + "RegionOfInterest", "tf2_msgs/msg/TFMessage"} | {
    c[0] for c in CASES if c[0].startswith("std_msgs/")}
FRAMES = {"nav_msgs/msg/Odometry": "odom", "tf2_msgs/msg/TFMessage": "map"}


@pytest.mark.parametrize(("ros_type", "message", "expected"), CASES, ids=[c[0] for c in CASES])
def test_mapping_columns_schema_and_round_trip(ros_type: str, message: Any,
                                               expected: dict[str, Any]) -> None:
    mapping = mapping_for(ros_type)
    batch = mapping.to_batch([LOG], [message])
    assert batch.schema.equals(message_schema(mapping.model))
    row = batch.to_pylist()[0]
    stamped = ros_type not in UNSTAMPED
    assert row.pop("timestamp_ns") == (STAMP if stamped else LOG)
    assert row.pop("recording_timestamp_ns") == LOG
    default_frame = "base_link" if stamped else None
    assert row.pop("frame_id") == FRAMES.get(ros_type, default_frame)
    assert row.pop("sequence_id") is None
    assert row == pytest.approx(expected) if ros_type.endswith("Float32") else row == expected
    [(when, rebuilt)] = list(mapping.from_batch(batch, TS))
    assert when == LOG
    assert same(rebuilt, message), f"{rebuilt!r} != {message!r}"
    TS.serialize_cdr(rebuilt, ros_type)  # the rebuilt message is a valid one


def test_every_type_of_the_official_package_has_a_mapping() -> None:
    assert {c[0] for c in CASES} <= set(registered_types())
    assert len({c[0] for c in CASES}) == len(CASES)


def test_imu_orientation_not_provided_is_null_and_comes_back_as_the_sentinel() -> None:
    unknown = np.zeros(9)
    unknown[0] = -1.0
    imu = T[S + "Imu"](header=hdr(), orientation=quat(0.0, 0.0, 0.0, 1.0),
                       orientation_covariance=unknown, angular_velocity=V2,
                       angular_velocity_covariance=np.zeros(9), linear_acceleration=V1,
                       linear_acceleration_covariance=np.zeros(9))
    mapping = mapping_for(S + "Imu")
    batch = mapping.to_batch([LOG], [imu])
    assert batch.column("orientation").to_pylist() == [None]
    assert batch.column("acceleration").to_pylist() == [V1D]
    [(_, rebuilt)] = list(mapping.from_batch(batch, TS))
    assert same(rebuilt, imu)


def test_several_messages_keep_their_order_and_stamps() -> None:
    mapping = mapping_for("geometry_msgs/msg/PointStamped")
    stamp = T["builtin_interfaces/msg/Time"]
    msgs = [T[G + "PointStamped"](header=T["std_msgs/msg/Header"](
        stamp=stamp(sec=s, nanosec=5), frame_id=f"f{s}"), point=pt(s, 0.0, 0.0))
        for s in (3, 1, 2)]
    batch = mapping.to_batch([30, 10, 20], msgs)
    assert batch.column("timestamp_ns").to_pylist() == [3_000_000_005, 1_000_000_005,
                                                         2_000_000_005]
    assert batch.column("frame_id").to_pylist() == ["f3", "f1", "f2"]
    assert batch.column("x").to_pylist() == [3.0, 1.0, 2.0]
    out = list(mapping.from_batch(batch, TS))
    assert [when for when, _ in out] == [30, 10, 20]
    assert all(same(a, b) for (_, a), b in zip(out, msgs, strict=True))


def test_tf_message_with_several_parent_frames_has_no_envelope_frame() -> None:
    stamp = T["builtin_interfaces/msg/Time"](sec=0, nanosec=LOG)
    tf = T["tf2_msgs/msg/TFMessage"](transforms=[
        T[G + "TransformStamped"](header=T["std_msgs/msg/Header"](stamp=stamp, frame_id=f),
                                  child_frame_id="c", transform=TRANSFORM)
        for f in ("map", "odom")])
    batch = mapping_for("tf2_msgs/msg/TFMessage").to_batch([LOG], [tf])
    assert batch.column("frame_id").to_pylist() == [None]
    assert len(batch.column("transforms").to_pylist()[0]) == 2


def test_ros1_names_resolve_and_ros1_messages_round_trip() -> None:
    assert mapping_for("sensor_msgs/Imu") is mapping_for("sensor_msgs/msg/Imu")
    assert mapping_for("std_msgs/String") is mapping_for("std_msgs/msg/String")
    ros1 = get_typestore(Stores.ROS1_NOETIC)
    t1 = ros1.types
    info = t1[S + "CameraInfo"](
        header=hdr("cam", ros1, seq=41), height=480, width=640, distortion_model="plumb_bob",
        D=np.array([0.1, -0.2]), K=np.array(K), R=np.array(R), P=np.array(PROJ),
        binning_x=1, binning_y=1, roi=t1[S + "RegionOfInterest"](
            x_offset=1, y_offset=2, height=3, width=4, do_rectify=False))
    mapping = mapping_for("sensor_msgs/CameraInfo")
    batch = mapping.to_batch([LOG], [info])
    row = batch.to_pylist()[0]
    assert (row["timestamp_ns"], row["frame_id"], row["sequence_id"]) == (STAMP, "cam", 41)
    assert row["distortion_parameters"] == [0.1, -0.2]
    assert row["intrinsic_parameters"] == K
    [(_, rebuilt)] = list(mapping.from_batch(batch, ros1))
    assert same(rebuilt, info)
    ros1.serialize_ros1(rebuilt, S + "CameraInfo")


def test_image_stored_as_png_reads_back_the_same_pixels() -> None:
    pytest.importorskip("PIL")
    image = T[S + "Image"](header=hdr(), height=2, width=3, encoding="mono8", is_bigendian=0,
                           step=3, data=np.array([0, 50, 100, 150, 200, 250], np.uint8))
    mapping = ImageMapping(image_format="png")
    batch = mapping.to_batch([LOG], [image])
    assert batch.column("format").to_pylist() == ["png"]
    assert batch.column("data").to_pylist()[0][:4] == b"\x89PNG"
    [(_, rebuilt)] = list(mapping.from_batch(batch, TS))
    assert same(rebuilt, image)


WHEEL = """std_msgs/Header header
string label
int32 count
float64[3] gains
uint8[] blob
string[] tags
Inner inner
Inner[] inners
bool flag
string frame_id
================================================================================
MSG: my_pkg/Inner
string name
float32 value
int16[] codes
"""


def _wheel_store() -> Any:
    store = get_typestore(Stores.ROS2_HUMBLE)
    store.register(get_types_from_msg(WHEEL, "my_pkg/msg/WheelReport"))
    return store


def _wheel(store: Any) -> Any:
    inner = store.types["my_pkg/msg/Inner"]
    return store.types["my_pkg/msg/WheelReport"](
        header=hdr("wheel", store), label="left", count=-3, gains=np.array([0.5, 1.5, 2.5]),
        blob=np.array([1, 2, 255], np.uint8), tags=["a", "bc"],
        inner=inner(name="in", value=0.25, codes=np.array([7, -8], np.int16)),
        inners=[inner(name="x", value=1.5, codes=np.array([], np.int16)),
                inner(name="y", value=-2.0, codes=np.array([3], np.int16))],
        flag=True, frame_id="not the header's")


def test_generic_mapping_of_a_custom_type_round_trips() -> None:
    store = _wheel_store()
    mapping = mapping_for("my_pkg/WheelReport", types=store)
    assert isinstance(mapping, GenericMapping)
    assert mapping.model.ontology_tag() == "ros_my_pkg_wheel_report"
    batch = mapping.to_batch([LOG], [_wheel(store)])
    assert batch.schema.equals(message_schema(mapping.model))
    assert batch.to_pylist() == [{
        "timestamp_ns": STAMP, "recording_timestamp_ns": LOG, "frame_id": "wheel",
        "sequence_id": None, "label": "left", "count": -3, "gains": [0.5, 1.5, 2.5],
        "blob": b"\x01\x02\xff", "tags": ["a", "bc"],
        "inner": {"name": "in", "value": 0.25, "codes": [7, -8]},
        "inners": [{"name": "x", "value": 1.5, "codes": []},
                   {"name": "y", "value": -2.0, "codes": [3]}],
        "flag": True, "frame_id_": "not the header's"}]
    [(when, rebuilt)] = list(mapping.from_batch(batch, store))
    assert when == LOG
    assert same(rebuilt, _wheel(store))
    store.serialize_cdr(rebuilt, "my_pkg/msg/WheelReport")


def test_generic_mapping_from_the_definition_text_alone() -> None:
    store = _wheel_store()
    mapping = mapping_for("my_pkg/msg/WheelReport", definition=WHEEL)
    batch = mapping.to_batch([LOG], [_wheel(store)])
    fresh = get_typestore(Stores.ROS2_HUMBLE)  # does not know the type yet
    [(_, rebuilt)] = list(mapping.from_batch(batch, fresh))
    assert same(rebuilt, _wheel(store))
    fresh.serialize_cdr(rebuilt, "my_pkg/msg/WheelReport")


def test_generic_mapping_of_a_standard_type_without_header() -> None:
    mapping = mapping_for("diagnostic_msgs/msg/KeyValue", types=TS)
    message = T["diagnostic_msgs/msg/KeyValue"](key="k", value="v")
    batch = mapping.to_batch([LOG], [message])
    assert batch.to_pylist() == [{"timestamp_ns": LOG, "recording_timestamp_ns": LOG,
                                  "frame_id": None, "sequence_id": None,
                                  "key": "k", "value": "v"}]
    assert same(next(iter(mapping.from_batch(batch, TS)))[1], message)


def test_an_unknown_type_without_definition_is_refused() -> None:
    with pytest.raises(ValueError, match="no mapping"):
        mapping_for("nobody_msgs/msg/Nothing")


def test_register_mapping_and_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mappings, "_MAPPINGS", dict(mappings._MAPPINGS))
    store = _wheel_store()
    custom = GenericMapping("my_pkg/msg/WheelReport", store)
    register_mapping(custom)
    assert "my_pkg/msg/WheelReport" in registered_types()
    assert mapping_for("my_pkg/WheelReport") is custom
    with pytest.raises(ValueError, match="already has a mapping"):
        register_mapping(GenericMapping("my_pkg/msg/WheelReport", store))
    imu = mapping_for(S + "Imu")
    with pytest.raises(ValueError):
        register_mapping(imu)
    other = GenericMapping(S + "Imu", TS)
    register_mapping(other, replace=True)
    assert mapping_for("sensor_msgs/Imu") is other
