"""Adapters written for the official ``mosaicolabs.ros_bridge``, run by our injector.

A bag with a custom type (``odometry_test_msgs/msg/WheelTicks``: a header and two ints, on two
topics) is imported by ``RosbagInjector`` through an adapter registered with
``register_default_adapter`` and through a per-topic ``adapter_overrides`` entry; the
stored rows are checked against the values the bag was written with. Also: the message
containers adapters read, the registry's refusals, and a failing adapter.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

pytest.importorskip("rosbags")

from mosaicolabs import Serializable  # noqa: E402
from mosaicolabs.ros_bridge import (  # noqa: E402
    ROSAdapterBase,
    RosbagInjector,
    ROSBridge,
    ROSHeader,
    ROSInjectionConfig,
    ROSMessage,
    register_default_adapter,
)
from mosaicolabs.ros_bridge.ros_message import ros_to_dict  # noqa: E402
from mosaicolabs.testing import memory_client  # noqa: E402
from tests.ros_ticks import T0, TICKS, write_ticks_bag  # noqa: E402


class AdapterTicks(Serializable):  # declared as the official client declares a model
    __msco_pyarrow_struct__ = pa.struct([pa.field("left", pa.int32(), nullable=False),
                                         pa.field("right", pa.int32(), nullable=False)])
    left: int
    right: int


class TicksAdapter(ROSAdapterBase[AdapterTicks]):
    ros_msgtype = TICKS
    __mosaico_ontology_type__ = AdapterTicks
    _REQUIRED_KEYS = ("left", "right")

    @classmethod
    def ros_msg_type(cls) -> str:
        return TICKS

    @classmethod
    def from_dict(cls, ros_data: dict[str, Any]) -> AdapterTicks:
        return AdapterTicks(left=ros_data["left"], right=ros_data["right"])

    @classmethod
    def schema_metadata(cls, ros_data: dict[str, Any], **kwargs: Any) -> dict[str, Any] | None:
        return None


class SwappedAdapter(TicksAdapter):
    @classmethod
    def from_dict(cls, ros_data: dict[str, Any]) -> AdapterTicks:
        return AdapterTicks(left=ros_data["right"], right=ros_data["left"])


class FailingAdapter(TicksAdapter):
    @classmethod
    def from_dict(cls, ros_data: dict[str, Any]) -> AdapterTicks:
        if ros_data["left"] >= 20:
            raise KeyError("calibration")
        return super().from_dict(ros_data)


@pytest.fixture
def registry() -> Iterator[None]:
    """Registrations made by a test are undone after it (the registry is per process)."""
    before = ROSBridge.get_default_adapters()
    yield
    ROSBridge._default_adapters.clear()
    ROSBridge._default_adapters.update(before)


@pytest.fixture(scope="module")
def bag(tmp_path_factory: Any) -> Path:
    return write_ticks_bag(tmp_path_factory.mktemp("adapters") / "wheels")


def stored(client: Any, sequence: str, topic: str) -> pa.Table:
    handler = client.topic_handler(sequence, topic)
    assert handler is not None
    return handler.get_data_streamer().to_arrow()


def test_a_registered_adapter_imports_its_type(bag: Path, registry: None) -> None:
    assert register_default_adapter(TicksAdapter) is TicksAdapter
    assert ROSBridge.is_msgtype_adapted(TICKS) and ROSBridge.is_adapted(AdapterTicks)
    with memory_client() as client:
        RosbagInjector(ROSInjectionConfig(file_path=bag, sequence_name="w"), client=client).run()
        table = stored(client, "w", "/wheels/front")
        assert table.column("left").to_pylist() == [0, 10, 20, 30]
        assert table.column("right").to_pylist() == [0, 11, 22, 33]
        logs = [T0 + i * 1_000_000_000 for i in range(4)]
        assert table.column("timestamp_ns").to_pylist() == [t + 10**6 for t in logs]
        assert table.column("recording_timestamp_ns").to_pylist() == logs
        assert set(table.column("frame_id").to_pylist()) == {"wheel10"}
        rear = client.topic_handler("w", "/wheels/rear")
        assert rear is not None and rear.ontology_tag == AdapterTicks.__ontology_tag__


def test_an_override_takes_one_topic(bag: Path, registry: None) -> None:
    register_default_adapter(TicksAdapter)
    config = ROSInjectionConfig(file_path=bag, sequence_name="o",
                                adapter_overrides={"/wheels/rear": SwappedAdapter})
    with memory_client() as client:
        RosbagInjector(config, client=client).run()
        assert stored(client, "o", "/wheels/front").column("left").to_pylist() == \
            [0, 10, 20, 30]
        assert stored(client, "o", "/wheels/rear").column("left").to_pylist() == \
            [0, 21, 42, 63]


def test_without_an_adapter_the_type_gets_the_generic_model(bag: Path) -> None:
    with memory_client() as client:
        RosbagInjector(ROSInjectionConfig(file_path=bag, sequence_name="g"), client=client).run()
        handler = client.topic_handler("g", "/wheels/front")
        assert handler is not None and handler.ontology_tag != AdapterTicks.__ontology_tag__


def test_a_failing_adapter_stops_the_import_and_deletes_the_sequence(bag: Path) -> None:
    config = ROSInjectionConfig(file_path=bag, sequence_name="f",
                                adapter_overrides={"/wheels/front": FailingAdapter})
    with memory_client() as client:
        with pytest.raises(ValueError, match="FailingAdapter could not translate.*calibration"):
            RosbagInjector(config, client=client).run()
        assert client.sequence_handler("f") is None


def test_the_registry_refuses_a_second_adapter_and_builtin_types(registry: None) -> None:
    register_default_adapter(TicksAdapter)
    with pytest.raises(ValueError, match="already registered"):
        register_default_adapter(SwappedAdapter)

    class ImuAdapter(TicksAdapter):
        ros_msgtype = ("sensor_msgs/msg/Imu", "odometry_test_msgs/msg/Other")

    with pytest.raises(ValueError, match="sensor_msgs/msg/Imu"):
        register_default_adapter(ImuAdapter)
    assert ROSBridge.get_default_adapter("odometry_test_msgs/msg/Other") is None  # all or none
    assert ROSBridge.is_msgtype_adapted("sensor_msgs/msg/Imu")  # a built-in mapping
    assert not ROSBridge.is_msgtype_adapted("odometry_test_msgs/msg/Other")


def test_messages_as_adapters_read_them(registry: None) -> None:
    from rosbags.typesys import Stores, get_typestore

    types = get_typestore(Stores.ROS2_HUMBLE).types
    stamp = types["builtin_interfaces/msg/Time"](sec=3, nanosec=7)
    imu = types["sensor_msgs/msg/Imu"](
        header=types["std_msgs/msg/Header"](stamp=stamp, frame_id="imu"),
        orientation=types["geometry_msgs/msg/Quaternion"](x=0.0, y=0.0, z=0.0, w=1.0),
        orientation_covariance=np.arange(9, dtype=np.float64),
        angular_velocity=types["geometry_msgs/msg/Vector3"](x=1.0, y=2.0, z=3.0),
        angular_velocity_covariance=np.zeros(9), linear_acceleration=types[
            "geometry_msgs/msg/Vector3"](x=0.0, y=0.0, z=9.8),
        linear_acceleration_covariance=np.zeros(9))
    data = ros_to_dict(imu)
    assert data["header"] == {"stamp": {"sec": 3, "nanosec": 7}, "frame_id": "imu"}
    assert data["orientation_covariance"] == [float(i) for i in range(9)]
    assert data["angular_velocity"] == {"x": 1.0, "y": 2.0, "z": 3.0}
    message = ROSMessage(42, "/imu", "sensor_msgs/msg/Imu", data)
    assert message.header == ROSHeader(seq=None, frame_id="imu", stamp=message.header.stamp)
    assert message.header is not None and message.header.stamp.to_nanoseconds() == 3_000_000_007
    assert ROSMessage(1, "/x", TICKS, {"left": 1, "right": 2}).header is None
    with pytest.raises(ValueError, match="malformed ROS message header"):
        ROSMessage(1, "/x", TICKS, {"header": {"frame_id": "a", "stamp": {"sec": 1}}})
    register_default_adapter(TicksAdapter)
    ticks = ROSMessage(5, "/w", TICKS, {"left": 1, "right": 2})
    out = ROSBridge.from_ros_message(ticks)
    assert out is not None and out.timestamp_ns == 5 and out.data == AdapterTicks(left=1, right=2)
    imu_message = ROSBridge.from_ros_message(message)  # a built-in type: our mapping
    assert imu_message is not None and imu_message.timestamp_ns == 3_000_000_007
    assert imu_message.recording_timestamp_ns == 42 and imu_message.frame_id == "imu"
    assert imu_message.data.angular_velocity.x == 1.0  # type: ignore[attr-defined]
    assert ROSBridge.from_ros_message(ROSMessage(1, "/x", "nobody_msgs/msg/Thing", {})) is None
    assert ROSBridge.from_ros_message(ROSMessage(1, "/imu", "sensor_msgs/msg/Imu", None)) is None
    broken = dict(data)
    del broken["orientation"]
    with pytest.raises(ValueError, match="does not fit its type.*orientation"):
        ROSBridge.from_ros_message(ROSMessage(1, "/imu", "sensor_msgs/msg/Imu", broken))
    with pytest.raises(ValueError, match="did not decode"):
        TicksAdapter.translate(ROSMessage(5, "/w", TICKS, None))


def test_export_skips_what_an_adapter_stored(bag: Path, tmp_path: Path) -> None:
    """The type's mapping would read another model's rows: the topic is skipped, with the
    reason, rather than written back with made-up values."""
    from mosaicolabs.recordings import export_recording

    config = ROSInjectionConfig(file_path=bag, sequence_name="e",
                                adapter_overrides={"/wheels/front": TicksAdapter})
    with memory_client() as client:
        RosbagInjector(config, client=client).run()
        summary = export_recording(client, "e", tmp_path / "out.mcap")
    assert [t.name for t in summary.topics] == ["/wheels/rear"]
    assert summary.topics[0].messages == 4
    reason = summary.skipped_topics["/wheels/front"]
    assert f"stored as '{AdapterTicks.__ontology_tag__}'" in reason and "adapter" in reason
