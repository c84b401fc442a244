"""A bag with a custom message type, for the adapter tests: ``odometry_test_msgs/msg/WheelTicks``
(a header and two ``int32``), its definition in the file. The package name is the tests'
own: the docs' examples register a mapping for ``my_robot_msgs/msg/WheelTicks`` in the
same process, and a type with a mapping takes no adapter."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEFINITION", "T0", "TICKS", "write_ticks_bag"]

T0 = 1_700_000_000_000_000_000
TICKS = "odometry_test_msgs/msg/WheelTicks"
DEFINITION = "std_msgs/Header header\nint32 left\nint32 right\n"


def write_ticks_bag(path: Path) -> Path:
    """A ROS 2 bag (mcap storage) at ``path``: two topics of WheelTicks
    (``/wheels/front``: left 10*i, right 11*i; ``/wheels/rear``: left 20*i, right 21*i),
    4 messages each, stamped 1 ms after their log time."""
    from rosbags.rosbag2 import StoragePlugin, Writer
    from rosbags.typesys import Stores, get_types_from_msg, get_typestore

    store = get_typestore(Stores.ROS2_HUMBLE)
    store.register(get_types_from_msg(DEFINITION, TICKS))
    types = store.types
    with Writer(path, version=9, storage_plugin=StoragePlugin.MCAP) as writer:
        for name, scale in (("/wheels/front", 10), ("/wheels/rear", 20)):
            conn = writer.add_connection(name, TICKS, typestore=store)
            for i in range(4):
                log = T0 + i * 1_000_000_000
                stamp = types["builtin_interfaces/msg/Time"](sec=(log + 10**6) // 10**9,
                                                             nanosec=(log + 10**6) % 10**9)
                header = types["std_msgs/msg/Header"](stamp=stamp, frame_id=f"wheel{scale}")
                message = types[TICKS](header=header, left=scale * i, right=(scale + 1) * i)
                writer.write(conn, log, store.serialize_cdr(message, TICKS))
    return path
