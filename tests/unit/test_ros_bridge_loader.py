"""The official ``ROSLoader`` and ``ROSTypeRegistry`` names, over our recording reader."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("rosbags")

from mosaicolabs.ros_bridge import LoaderErrorPolicy, ROSLoader, ROSTypeRegistry  # noqa: E402
from mosaicolabs.ros_bridge.definitions import add_definitions  # noqa: E402
from tests.ros_ticks import T0, TICKS, write_ticks_bag  # noqa: E402


@pytest.fixture(scope="module")
def ticks(tmp_path_factory: Any) -> Path:
    return write_ticks_bag(tmp_path_factory.mktemp("loader") / "wheels")


@pytest.fixture
def registry() -> Iterator[None]:
    ROSTypeRegistry.reset()
    yield
    ROSTypeRegistry.reset()


def test_the_loader_yields_messages_as_dicts_in_log_time_order(ticks: Path) -> None:
    mcap = next(ticks.glob("*.mcap"))
    with ROSLoader(mcap) as loader:
        assert loader.topics == ["/wheels/front", "/wheels/rear"]
        assert loader.msg_types == [TICKS, TICKS]
        assert loader.msg_count() == 8 and loader.msg_count("/wheels/rear") == 4
        assert loader.msg_count("/nope") == 0
        assert loader.duration == 3_000_000_001
        read = list(loader)
    assert all(exc is None for _, exc in read)
    assert [m.bag_timestamp_ns for m, _ in read] == sorted(m.bag_timestamp_ns for m, _ in read)
    first = read[0][0]
    assert (first.topic, first.msg_type, first.bag_timestamp_ns) == ("/wheels/front", TICKS, T0)
    assert first.data == {"header": {"stamp": {"sec": T0 // 10**9, "nanosec": 10**6},
                                     "frame_id": "wheel10"}, "left": 0, "right": 0}
    assert first.header is not None and first.header.stamp.to_nanoseconds() == T0 + 10**6
    with ROSLoader(ticks, topics=["/wheels/*", "!*rear"]) as loader:  # a bag directory too
        assert loader.topics == ["/wheels/front"]
        assert [m.data["left"] for m, _ in loader if m.data] == [0, 10, 20, 30]


def test_the_loader_refuses_what_it_cannot_read(ticks: Path, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        ROSLoader(tmp_path / "absent.mcap")
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ValueError, match="Unsupported format"):
        ROSLoader(tmp_path / "notes.txt")
    with ROSLoader(ticks, topics="/nope") as loader, pytest.raises(RuntimeError, match="no topic"):
        _ = loader.topics


def _corrupted(tmp_path: Path) -> Path:
    from test_recordings_import import _corrupt_one_message
    from test_recordings_support import write_ros2

    bag = write_ros2(tmp_path / "bag")
    _corrupt_one_message(bag)
    return next(bag.glob("*.db3"))


@pytest.mark.parametrize("policy", list(LoaderErrorPolicy))
def test_a_message_that_does_not_decode_follows_the_policy(
        policy: LoaderErrorPolicy, tmp_path: Path, caplog: Any) -> None:
    path = _corrupted(tmp_path)
    caplog.set_level(logging.WARNING, logger="mosaicolabs.ros_bridge.loader")
    with ROSLoader(path, error_policy=policy) as loader:
        if policy is LoaderErrorPolicy.RAISE:
            with pytest.raises(ValueError, match="Deserialization error"):
                list(loader)
            return
        read = list(loader)
    failed = [(m, exc) for m, exc in read if exc is not None]
    assert len(failed) == 1 and failed[0][0].data is None
    assert all(m.data is not None for m, exc in read if exc is None)
    warned = [r for r in caplog.records if "Deserialization error" in r.getMessage()]
    assert len(warned) == (1 if policy is LoaderErrorPolicy.LOG_WARN else 0)


def test_the_registry_scopes_and_sources(registry: None, tmp_path: Path) -> None:
    (tmp_path / "Ticks.msg").write_text("int32 left\n")
    (tmp_path / "Speed.msg").write_text("float64 value\n")
    ROSTypeRegistry.register("a_msgs/msg/Text", "uint8 level\n")
    ROSTypeRegistry.register("a_msgs/msg/File", tmp_path / "Ticks.msg")
    ROSTypeRegistry.register("a_msgs/msg/Named", str(tmp_path / "Ticks.msg"))
    ROSTypeRegistry.register("a_msgs/msg/Text", "uint16 level\n", store="ros2_humble")
    ROSTypeRegistry.register_directory("b_msgs", tmp_path, store="ros2_humble")
    assert ROSTypeRegistry.get_types(None) == {
        "a_msgs/msg/Text": "uint8 level\n", "a_msgs/msg/File": "int32 left\n",
        "a_msgs/msg/Named": "int32 left\n"}
    humble = ROSTypeRegistry.get_types("ros2_humble")
    assert humble["a_msgs/msg/Text"] == "uint16 level\n"  # the distribution's wins
    assert humble["b_msgs/msg/Speed"] == "float64 value\n" and "b_msgs/msg/Ticks" in humble
    with pytest.raises(FileNotFoundError):
        ROSTypeRegistry.register("a_msgs/msg/X", tmp_path / "absent.msg")
    with pytest.raises(TypeError):
        ROSTypeRegistry.register("a_msgs/msg/X", 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a directory"):
        ROSTypeRegistry.register_directory("c_msgs", tmp_path / "absent")
    ROSTypeRegistry.reset()
    assert ROSTypeRegistry.get_types("ros2_humble") == {}


def test_registered_definitions_fill_only_what_the_store_lacks(caplog: Any) -> None:
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS2_HUMBLE)
    before = store.fielddefs["std_msgs/msg/Float64"]
    add_definitions(store, {"std_msgs/msg/Float64": "int8 data\n",  # known: kept as is
                            "a_msgs/msg/Level": "uint8 level\n",
                            "a_msgs/msg/Broken": "int32[ left\n"})
    assert store.fielddefs["std_msgs/msg/Float64"] == before
    assert "a_msgs/msg/Level" in store.fielddefs
    assert "a_msgs/msg/Broken" not in store.fielddefs
    assert any("a_msgs/msg/Broken" in r.getMessage() for r in caplog.records)


def test_the_injector_takes_definitions_a_bag_lacks_from_the_registry(registry: None,
                                                                       tmp_path: Path) -> None:
    from rosbags.rosbag2 import Writer
    from rosbags.typesys import Stores, get_types_from_msg, get_typestore

    from mosaicolabs.ros_bridge import RosbagInjector, ROSInjectionConfig
    from mosaicolabs.testing import memory_client

    level = "nodef_msgs/msg/Level"
    store = get_typestore(Stores.ROS2_HUMBLE)
    store.register(get_types_from_msg("uint8 level\n", level))
    with Writer(tmp_path / "bag", version=9) as writer:
        connection = writer.add_connection("/level", level, typestore=store)
        for i in range(3):
            writer.write(connection, T0 + i, store.serialize_cdr(store.types[level](level=i),
                                                                 level))
    database = sqlite3.connect(next((tmp_path / "bag").glob("*.db3")))
    with database:
        database.execute("DELETE FROM message_definitions")  # a bag without definitions
    database.close()
    with memory_client() as client:
        with pytest.raises(ValueError, match="nodef_msgs/msg/Level"):
            RosbagInjector(ROSInjectionConfig(file_path=tmp_path / "bag", sequence_name="a"),
                           client=client).run()
        ROSTypeRegistry.register(level, "uint8 level\n", store="ros2_humble")
        config = ROSInjectionConfig(file_path=tmp_path / "bag", sequence_name="b",
                                    ros_distro=Stores.ROS2_HUMBLE)
        RosbagInjector(config, client=client).run()
        handler = client.topic_handler("b", "/level")
        assert handler is not None
        assert handler.get_data_streamer().to_arrow().column("level").to_pylist() == [0, 1, 2]
