"""Writing ROS 1 bags, ROS 2 bags and plain MCAP files.

``rosbag1`` and ``rosbag2`` go through the ``rosbags`` writers; ``mcap`` writes one
plain MCAP file (ROS 2 profile, ``ros2msg`` schemas, ``cdr`` messages) with the
``mcap`` library. Each writer owns a type store of its distribution (ROS 1 Noetic,
ROS 2 Humble); :meth:`add_topic` adds the types a topic's stored definition
describes when the store does not know them, so custom types are written too.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from mosaicolabs.ports.recordings import RecordedTopic, RecordingFormatError

from ._deps import require

__all__ = ["McapFileWriter", "Rosbag1Writer", "Rosbag2Writer"]


def _typestore(ros1: bool) -> Any:
    typesys = require("rosbags.typesys")
    return typesys.get_typestore(typesys.Stores.ROS1_NOETIC if ros1 else
                                 typesys.Stores.ROS2_HUMBLE)


def _register(types: Any, topic: RecordedTopic) -> None:
    """Teach ``types`` the topic's type (and the types it uses) from its definition."""
    if topic.ros_type in types.fielddefs:
        return
    if not topic.definition.strip():
        raise RecordingFormatError(f"{topic.name}: type {topic.ros_type} is unknown and the "
                                   "topic keeps no message definition", resource=topic.name)
    typesys = require("rosbags.typesys")
    try:
        found = typesys.get_types_from_msg(topic.definition, topic.ros_type)
        types.register({k: v for k, v in found.items() if k not in types.fielddefs})
    except Exception as exc:
        raise RecordingFormatError(f"{topic.name}: cannot use the definition of "
                                   f"{topic.ros_type} ({exc})", resource=topic.name) from exc


def _fresh(path: Path) -> None:
    if path.exists():
        raise FileExistsError(f"{path} exists already, not overwriting it")


class _Writer:
    """What the writers share: a type store and the topics added so far."""

    def __init__(self, path: Path, ros1: bool) -> None:
        _fresh(path)
        self.path = path
        self.types: Any = _typestore(ros1)
        self._topics: dict[str, tuple[str, Any]] = {}  # name -> (ros type, connection)
        self._closed = False

    def add_topic(self, topic: RecordedTopic) -> None:
        """Declare a topic before writing to it."""
        _register(self.types, topic)
        self._topics[topic.name] = (topic.ros_type, self._connect(topic))

    def _connect(self, topic: RecordedTopic) -> Any:
        raise NotImplementedError

    def _serialize(self, message: Any, ros_type: str) -> bytes:
        raise NotImplementedError

    def write(self, topic: str, log_time_ns: int, message: Any) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def _encoded(self, topic: str, message: Any) -> tuple[Any, bytes]:
        ros_type, connection = self._topics[topic]
        try:
            return connection, bytes(self._serialize(message, ros_type))
        except Exception as exc:
            raise ValueError(f"{topic}: cannot serialize a {ros_type} message ({exc})") from exc

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _RosbagsWriter(_Writer):
    def __init__(self, path: Path, ros1: bool, writer: Any) -> None:
        super().__init__(path, ros1)
        self._writer = writer
        self._writer.open()

    def _connect(self, topic: RecordedTopic) -> Any:
        return self._writer.add_connection(topic.name, topic.ros_type, typestore=self.types)

    def write(self, topic: str, log_time_ns: int, message: Any) -> None:
        """Append one message object (built with :attr:`types`)."""
        connection, data = self._encoded(topic, message)
        self._writer.write(connection, log_time_ns, data)

    def close(self) -> None:
        """Finish the file (indexes, metadata); idempotent."""
        if not self._closed:
            self._closed = True
            self._writer.close()


class Rosbag1Writer(_RosbagsWriter):
    """A ROS 1 ``.bag`` file (ROS 1 serialization, Noetic type store)."""

    def __init__(self, path: Path) -> None:
        rosbag1 = require("rosbags.rosbag1")
        _fresh(path)
        super().__init__(path, True, rosbag1.Writer(path))

    def _serialize(self, message: Any, ros_type: str) -> bytes:
        return bytes(self.types.serialize_ros1(message, ros_type))


class Rosbag2Writer(_RosbagsWriter):
    """A ROS 2 bag directory (``metadata.yaml`` and one ``.db3`` or ``.mcap`` file)."""

    def __init__(self, path: Path, storage: str = "sqlite3") -> None:
        rosbag2 = require("rosbags.rosbag2")
        _fresh(path)
        plugin = {"sqlite3": rosbag2.StoragePlugin.SQLITE3,
                  "mcap": rosbag2.StoragePlugin.MCAP}[storage]
        super().__init__(path, False,
                         rosbag2.Writer(path, version=9, storage_plugin=plugin))

    def _serialize(self, message: Any, ros_type: str) -> bytes:
        return bytes(self.types.serialize_cdr(message, ros_type))


class McapFileWriter(_Writer):
    """One plain MCAP file with ROS 2 messages."""

    def __init__(self, path: Path) -> None:
        writer_module = require("mcap.writer")
        super().__init__(path, False)
        self._file: IO[bytes] = path.open("xb")
        self._writer: Any = writer_module.Writer(self._file)
        self._writer.start(profile="ros2", library="mosaico-hexclient")
        self._schemas: dict[str, int] = {}
        self._sequence = 0

    def _connect(self, topic: RecordedTopic) -> Any:
        schema = self._schemas.get(topic.ros_type)
        if schema is None:
            definition, _ = self.types.generate_msgdef(topic.ros_type, ros_version=2)
            schema = self._writer.register_schema(name=topic.ros_type, encoding="ros2msg",
                                                  data=definition.encode())
            self._schemas[topic.ros_type] = schema
        return self._writer.register_channel(topic=topic.name, message_encoding="cdr",
                                             schema_id=schema)

    def _serialize(self, message: Any, ros_type: str) -> bytes:
        return bytes(self.types.serialize_cdr(message, ros_type))

    def write(self, topic: str, log_time_ns: int, message: Any) -> None:
        """Append one message object (built with :attr:`types`)."""
        channel, data = self._encoded(topic, message)
        self._sequence += 1
        self._writer.add_message(channel_id=channel, log_time=log_time_ns, data=data,
                                 publish_time=log_time_ns, sequence=self._sequence)

    def close(self) -> None:
        """Write the summary and close the file; idempotent."""
        if not self._closed:
            self._closed = True
            try:
                self._writer.finish()
            finally:
                self._file.close()
