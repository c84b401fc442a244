"""``mosaicolabs.ros_bridge`` under the official names: the injector over our importer,
topic glob filters with exclusions, the ROS models."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("rosbags")
pytest.importorskip("mcap")

from mosaicolabs.mock_server import running_server  # noqa: E402
from mosaicolabs.ros_bridge.injector import select_topics  # noqa: E402
from mosaicolabs.testing import memory_client  # noqa: E402

T0 = 1_700_000_000_000_000_000
TOPICS = ("/imu", "/gps/fix", "/gps/leica/time", "/cam/front", "/cam/debug_raw")


def _stamp(store, t: int):
    time = store.types["builtin_interfaces/msg/Time"](sec=t // 10**9, nanosec=t % 10**9)
    return store.types["std_msgs/msg/Header"](stamp=time, frame_id="base")


def write_bag(path: Path) -> Path:
    """A ROS 2 bag (mcap storage): 5 IMU messages on /imu, 3 NavSatFix on each /gps topic,
    2 Float64 on each /cam topic; values derived from the index."""
    import numpy as np
    from rosbags.rosbag2 import StoragePlugin, Writer
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS2_HUMBLE)
    t = store.types
    imu, fix, f64 = "sensor_msgs/msg/Imu", "sensor_msgs/msg/NavSatFix", "std_msgs/msg/Float64"
    cov = np.zeros(9, np.float64)
    with Writer(path, version=9, storage_plugin=StoragePlugin.MCAP) as writer:
        conns = {name: writer.add_connection(name, kind, typestore=store) for name, kind in
                 zip(TOPICS, (imu, fix, fix, f64, f64), strict=True)}
        for i in range(5):
            when = T0 + i * 10_000_000
            msg = t[imu](header=_stamp(store, when),
                         orientation=t["geometry_msgs/msg/Quaternion"](x=0.0, y=0.0, z=0.0, w=1.0),
                         orientation_covariance=cov,
                         angular_velocity=t["geometry_msgs/msg/Vector3"](x=0.1 * i, y=0.0, z=0.0),
                         angular_velocity_covariance=cov,
                         linear_acceleration=t["geometry_msgs/msg/Vector3"](x=0.0, y=0.0, z=9.8),
                         linear_acceleration_covariance=cov)
            writer.write(conns["/imu"], when, store.serialize_cdr(msg, imu))
        for i in range(3):
            when = T0 + i * 100_000_000
            for name in ("/gps/fix", "/gps/leica/time"):
                msg = t[fix](header=_stamp(store, when),
                             status=t["sensor_msgs/msg/NavSatStatus"](status=0, service=1),
                             latitude=45.0 + i, longitude=9.0, altitude=120.0,
                             position_covariance=cov, position_covariance_type=0)
                writer.write(conns[name], when, store.serialize_cdr(msg, fix))
        for i in range(2):
            for name in ("/cam/front", "/cam/debug_raw"):
                writer.write(conns[name], T0 + i, store.serialize_cdr(t[f64](data=float(i)), f64))
    return path


@pytest.fixture(scope="module")
def bag(tmp_path_factory) -> Path:
    return write_bag(tmp_path_factory.mktemp("rb") / "recording")


def test_config_as_the_official_docs_write_it_imports_through_a_server(bag):
    from rosbags.typesys import Stores

    from mosaicolabs.enum import SessionLevelErrorPolicy, TopicLevelErrorPolicy
    from mosaicolabs.ros_bridge import RosbagInjector, ROSInjectionConfig

    with running_server() as server:
        config = ROSInjectionConfig(
            file_path=Path(bag),
            sequence_name="test_drive_01",
            metadata={"environment": "urban", "vehicle": "robot_alpha"},
            ros_distro=Stores.ROS2_FOXY,
            on_error=SessionLevelErrorPolicy.Delete,
            topics_on_error=TopicLevelErrorPolicy.Finalize,
            port=server.port,
        )
        injector = RosbagInjector(config)
        assert injector.run() is None
        assert injector.summary is not None and injector.summary.messages == 5 + 6 + 4
        from mosaicolabs import MosaicoClient

        with MosaicoClient.connect("127.0.0.1", server.port) as client:
            seq = client.sequence_handler("test_drive_01")
            assert seq is not None
            assert seq.user_metadata == {"environment": "urban", "vehicle": "robot_alpha"}
            assert sorted(seq.topics) == sorted(TOPICS)
            imu = client.topic_handler("test_drive_01", "/imu")
            assert imu is not None
            table = imu.to_arrow()
            assert table.column("timestamp_ns").to_pylist() == [T0 + i * 10_000_000
                                                                for i in range(5)]
            assert [r["x"] for r in table.column("angular_velocity").to_pylist()] == \
                pytest.approx([0.1 * i for i in range(5)])


def test_injector_example_without_metadata_and_failures_raise(bag):
    from mosaicolabs.errors import MosaicoError
    from mosaicolabs.ros_bridge import RosbagInjector, ROSInjectionConfig

    config = ROSInjectionConfig(file_path=Path(bag), sequence_name="auto_ingest")
    with memory_client() as client:
        RosbagInjector(config, client=client).run()
        assert client.sequence_handler("auto_ingest") is not None
        with pytest.raises(MosaicoError):  # the sequence exists
            RosbagInjector(config, client=client).run()
        missing = ROSInjectionConfig(file_path=bag / "nope.mcap", sequence_name="x")
        with pytest.raises(FileNotFoundError):
            RosbagInjector(missing, client=client).run()
        overrides = ROSInjectionConfig(file_path=Path(bag), sequence_name="y",
                                       adapter_overrides={"/imu": object})
        with pytest.raises(TypeError, match="not an adapter class"):
            RosbagInjector(overrides, client=client).run()
        assert client.sequence_handler("y") is None
    with running_server() as server:  # nothing listens on the configured port afterwards
        port = server.port
    with pytest.raises(MosaicoError):
        RosbagInjector(ROSInjectionConfig(file_path=Path(bag), sequence_name="z",
                                          port=port)).run()


@pytest.mark.parametrize(("patterns", "expected"), [
    (None, TOPICS),
    ([], TOPICS),
    (["/cam/*", "!/cam/debug*"], ("/cam/front",)),
    (["/gps/*", "!/gps/leica/*"], ("/gps/fix",)),
    (["!/gps/*", "/gps/leica/time"], ("/gps/leica/time",)),
    (["!/cam/*"], ("/imu", "/gps/fix", "/gps/leica/time")),
    (["!/cam/*", "!/imu"], ("/gps/fix", "/gps/leica/time")),
    (["*imu", "/nothing*"], ("/imu",)),
    (["/cam/debug*", "!/cam/*", "/cam/front"], ("/cam/front",)),
])
def test_topic_patterns_in_order_with_exclusions(patterns, expected):
    assert select_topics(TOPICS, patterns) == list(expected)


def test_pattern_matching_nothing_is_logged(caplog):
    import logging

    logger = logging.getLogger("mosaicolabs.ros_bridge.injector")
    logger.addHandler(caplog.handler)
    try:
        assert select_topics(TOPICS, ["/lidar/*"]) == []
    finally:
        logger.removeHandler(caplog.handler)
    assert "matches no topic" in caplog.text


def test_injection_with_glob_filters_imports_only_the_chosen_topics(bag):
    from mosaicolabs.ros_bridge import RosbagInjector, ROSInjectionConfig

    config = ROSInjectionConfig(file_path=Path(bag), sequence_name="filtered", metadata={},
                                topics=["/gps/*", "/cam/*", "!/cam/debug*", "!/gps/leica/*"])
    with memory_client() as client:
        RosbagInjector(config, client=client).run()
        seq = client.sequence_handler("filtered")
        assert seq is not None
        assert sorted(seq.topics) == ["/cam/front", "/gps/fix"]
        gps = client.topic_handler("filtered", "/gps/fix")
        assert gps is not None
        assert [p["x"] for p in gps.to_arrow().column("position").to_pylist()] == [45.0, 46.0, 47.0]


def test_custom_msgs_fill_in_types_the_store_lacks(tmp_path):
    from rosbags.typesys import Stores, get_typestore

    from mosaicolabs.ros_bridge.definitions import register_custom

    (tmp_path / "WheelTicks.msg").write_text("int32 left\nint32 right\n")
    store = get_typestore(Stores.EMPTY)
    register_custom(store, [("my_robot_msgs", tmp_path, None)])
    assert [f for f, _ in store.fielddefs["my_robot_msgs/msg/WheelTicks"][1]] == ["left", "right"]
    with pytest.raises(FileNotFoundError):
        register_custom(store, [("my_robot_msgs", tmp_path / "absent", None)])


def test_models_and_policy_import_from_the_official_places():
    from mosaicolabs.domain.ontology import ros_models
    from mosaicolabs.ros_bridge import (
        BatteryState,
        FrameTransform,
        LoaderErrorPolicy,
        PointCloud2,
        PointField,
    )
    from mosaicolabs.ros_bridge.data_ontology import PointCloud2 as Cloud
    from mosaicolabs.ros_bridge.injector import ROSInjectionConfig
    from mosaicolabs.ros_bridge.loader import LoaderErrorPolicy as Policy

    assert (BatteryState, FrameTransform, PointCloud2, PointField) == (
        ros_models.BatteryState, ros_models.FrameTransform, ros_models.PointCloud2,
        ros_models.PointField)
    assert Cloud is PointCloud2 and Policy is LoaderErrorPolicy
    assert [p.value for p in LoaderErrorPolicy] == ["ignore", "log_warn", "raise"]
    assert [f for f in ROSInjectionConfig.__dataclass_fields__] == [
        "file_path", "sequence_name", "metadata", "host", "port", "ros_distro", "on_error",
        "topics_on_error", "custom_msgs", "topics", "adapter_overrides", "log_level",
        "mosaico_api_key", "tls_cert_path"]
    import mosaicolabs.ros_bridge as bridge

    assert set(bridge.__all__) >= {"ROSLoader", "ROSTypeRegistry", "ROSBridge",
                                   "ROSAdapterBase", "register_default_adapter",
                                   "ROSMessage", "ROSHeader"}
    with pytest.raises(AttributeError):
        _ = bridge.NoSuchName


def test_importing_the_bridge_loads_neither_rosbags_nor_mcap():
    code = ("import sys, mosaicolabs, mosaicolabs.ros_bridge as b; b.RosbagInjector; "
            "b.PointCloud2; b.ROSBridge; b.ROSAdapterBase; b.register_default_adapter; "
            "print(any(m.split('.')[0] in ('rosbags', 'mcap') "
            "for m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "False"
