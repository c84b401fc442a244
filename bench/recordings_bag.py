"""The recording the import benchmark reads: a ROS 2 bag (mcap storage) written with rosbags.

Topics, for ``seconds`` of recording: ``/imu`` (``sensor_msgs/msg/Imu``, 200 Hz), ``/gps``
(``NavSatFix``, 10 Hz), ``/camera/compressed`` (``CompressedImage``, 10 Hz, ``frame_bytes``
random bytes per frame: as incompressible as JPEG) and ``/tf`` (``tf2_msgs/msg/TFMessage``
with two transforms, 50 Hz). Both importers read the storage file itself (``*.mcap``): the
official ``ROSLoader`` accepts ``.bag``/``.db3``/``.mcap`` files, not bag directories.

:func:`image_table` is the raw Flight side of the image comparison: the same frames, as
pre-built record batches of the ``CompressedImage`` topic layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

T0 = 1_700_000_000_000_000_000
RATES = {"/imu": 200, "/gps": 10, "/camera/compressed": 10, "/tf": 50}
TYPES = {"/imu": "sensor_msgs/msg/Imu", "/gps": "sensor_msgs/msg/NavSatFix",
         "/camera/compressed": "sensor_msgs/msg/CompressedImage",
         "/tf": "tf2_msgs/msg/TFMessage"}
CAMERA = "/camera/compressed"

__all__ = ["CAMERA", "Bag", "frames", "image_table", "write_bag"]


@dataclass
class Bag:
    """A written bag: its storage file and what it holds."""

    path: Path  #: the ``.mcap`` storage file
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)  #: messages per topic
    bytes: dict[str, int] = field(default_factory=dict)  #: serialized bytes per topic
    image_bytes: int = 0  #: the frames' data bytes (``CompressedImage.data``)

    @property
    def messages(self) -> int:
        return sum(self.counts.values())

    def describe(self) -> dict:
        return {"file": self.path.name, "file_MB": round(self.path.stat().st_size / 1e6, 1),
                "seconds": self.seconds, "messages": self.messages, "per_topic": self.counts,
                "serialized_MB": round(sum(self.bytes.values()) / 1e6, 1),
                "image_MB": round(self.image_bytes / 1e6, 1)}


def frames(n: int, size: int, seed: int = 7) -> list[bytes]:
    """``n`` frames of ``size`` random bytes (the camera topic's payloads)."""
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 256, size, dtype=np.uint8).tobytes() for _ in range(n)]


def _stamp(types: dict, t_ns: int) -> object:
    return types["builtin_interfaces/msg/Time"](sec=t_ns // 1_000_000_000,
                                                 nanosec=t_ns % 1_000_000_000)


def _header(types: dict, t_ns: int, frame: str) -> object:
    return types["std_msgs/msg/Header"](stamp=_stamp(types, t_ns), frame_id=frame)


def _imu(types: dict, t_ns: int, i: int) -> object:
    v3, q = types["geometry_msgs/msg/Vector3"], types["geometry_msgs/msg/Quaternion"]
    s = math.sin(i / 50)
    cov = np.full(9, 0.01)
    return types["sensor_msgs/msg/Imu"](
        header=_header(types, t_ns, "imu_link"),
        orientation=q(x=0.0, y=0.0, z=s / 2, w=math.sqrt(1 - s * s / 4)),
        orientation_covariance=cov, angular_velocity=v3(x=0.01 * s, y=0.0, z=0.1 + s),
        angular_velocity_covariance=cov,
        linear_acceleration=v3(x=0.2 * s, y=0.1, z=9.81 + 0.05 * s),
        linear_acceleration_covariance=cov)


def _gps(types: dict, t_ns: int, i: int) -> object:
    status = types["sensor_msgs/msg/NavSatStatus"](status=0, service=1)
    return types["sensor_msgs/msg/NavSatFix"](
        header=_header(types, t_ns, "gps"), status=status, latitude=45.0 + i * 1e-6,
        longitude=9.0 + i * 1e-6, altitude=120.0, position_covariance=np.full(9, 0.5),
        position_covariance_type=2)


def _tf(types: dict, t_ns: int, i: int) -> object:
    v3, q = types["geometry_msgs/msg/Vector3"], types["geometry_msgs/msg/Quaternion"]
    stamped = types["geometry_msgs/msg/TransformStamped"]
    transform = types["geometry_msgs/msg/Transform"]
    pairs = (("odom", "base_link"), ("map", "odom"))
    return types["tf2_msgs/msg/TFMessage"](transforms=[
        stamped(header=_header(types, t_ns, parent), child_frame_id=child,
                transform=transform(translation=v3(x=i * 1e-3, y=k, z=0.0),
                                    rotation=q(x=0.0, y=0.0, z=0.0, w=1.0)))
        for k, (parent, child) in enumerate(pairs)])


def _image(types: dict, t_ns: int, frame: bytes) -> object:
    return types["sensor_msgs/msg/CompressedImage"](
        header=_header(types, t_ns, "camera"), format="jpeg",
        data=np.frombuffer(frame, dtype=np.uint8))


def write_bag(directory: Path, seconds: float, frame_bytes: int,
              topics: tuple[str, ...] = tuple(RATES)) -> Bag:
    """Write a ROS 2 bag (mcap storage) in ``directory`` (created; it must not exist)."""
    from rosbags.rosbag2 import StoragePlugin, Writer
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS2_HUMBLE)
    types = store.types
    schedule = sorted((T0 + round(k * 1e9 / RATES[name]), name, k) for name in topics
                      for k in range(int(seconds * RATES[name])))
    camera = frames(int(seconds * RATES[CAMERA]), frame_bytes) if CAMERA in topics else []
    bag = Bag(directory, seconds, {name: 0 for name in topics}, {name: 0 for name in topics})
    build = {"/imu": _imu, "/gps": _gps, "/tf": _tf,
             CAMERA: lambda ts, t, k: _image(ts, t, camera[k])}
    with Writer(directory, version=9, storage_plugin=StoragePlugin.MCAP) as writer:
        connections = {name: writer.add_connection(name, TYPES[name], typestore=store)
                       for name in topics}
        for t_ns, name, k in schedule:
            data = store.serialize_cdr(build[name](types, t_ns, k), TYPES[name])
            writer.write(connections[name], t_ns, data)
            bag.counts[name] += 1
            bag.bytes[name] += len(data)
    bag.image_bytes = sum(map(len, camera))
    bag.path = next(directory.glob("*.mcap"))
    return bag


def image_table(bag: Bag, frame_bytes: int) -> pa.Table:
    """The camera frames of ``bag`` as a ``CompressedImage`` topic table (10 Hz stamps)."""
    from mosaicolabs import CompressedImage
    from mosaicolabs.domain.ontology.message import message_schema

    blobs = frames(bag.counts[CAMERA], frame_bytes)
    n = len(blobs)
    stamps = pa.array([T0 + k * 100_000_000 for k in range(n)], pa.int64())
    columns = [stamps, stamps, pa.array(["camera"] * n), pa.nulls(n, pa.uint32()),
               pa.array(blobs, pa.binary()), pa.array(["jpeg"] * n)]
    return pa.Table.from_arrays(columns, schema=message_schema(CompressedImage))
