"""Reading ROS 1 bags, ROS 2 bags (sqlite3 or mcap storage) and plain MCAP files.

One adapter over ``rosbags.highlevel.AnyReader``: it reads a ROS 2 bag directory
(with ``metadata.yaml``), a single ``.db3`` or ``.mcap`` storage file, a plain MCAP
file with ROS 2 (``cdr``) messages, and ROS 1 ``.bag`` files. The type store is built
from the definitions the file carries, so custom message types decode too.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from mosaicolabs.ports.recordings import (
    BatchDecoder,
    MessageMapping,
    RecordedMessage,
    RecordedTopic,
    RecordingFormatError,
)

from ._deps import require

__all__ = ["RosbagsReader"]

#: File suffix rosbags needs to pick its reader, per kind of file.
_SUFFIXES = {"rosbag1": ".bag", "db3": ".db3", "mcap": ".mcap"}
_DECODABLE = ("cdr", "ros1")


class RosbagsReader:
    """A :class:`~mosaicolabs.ports.recordings.RecordingReader` over rosbags.

    Args:
        path: the recording (a file, or a ROS 2 bag directory).
        kind: ``rosbag1``, ``rosbag2`` (a directory), ``db3`` or ``mcap`` (single files).

    Raises:
        RecordingFormatError: the file cannot be opened as ``kind`` (truncated, damaged).
    """

    def __init__(self, path: Path, kind: str) -> None:
        highlevel = require("rosbags.highlevel")
        typesys = require("rosbags.typesys")
        self.path, self.kind = path, kind
        self._tempdir: str | None = None
        source = self._with_suffix(path, _SUFFIXES.get(kind))
        default = None if kind == "rosbag1" else typesys.get_typestore(typesys.Stores.ROS2_HUMBLE)
        try:
            self._reader: Any = highlevel.AnyReader([source], default_typestore=default)
            self._reader.open()
        except Exception as exc:  # rosbags, sqlite3, struct, yaml errors: all mean "bad file"
            self._cleanup()
            raise RecordingFormatError(
                f"{path}: cannot read it as a {kind} recording ({type(exc).__name__}: {exc})",
                action="open recording", resource=str(path)) from exc
        self.types: Any = self._reader.typestore
        self._topics = self._describe()

    def _with_suffix(self, path: Path, suffix: str | None) -> Path:
        """``path``, or a link to it named with the suffix rosbags expects."""
        if suffix is None or path.suffix == suffix:
            return path
        self._tempdir = tempfile.mkdtemp(prefix="mosaico-recording-")
        link = Path(self._tempdir) / f"recording{suffix}"
        link.symlink_to(path.resolve())
        return link

    def _describe(self) -> dict[str, tuple[RecordedTopic, list[Any]]]:
        found: dict[str, tuple[RecordedTopic, list[Any]]] = {}
        for name, info in self._reader.topics.items():
            connections = list(info.connections)
            first = connections[0]
            if self.kind == "rosbag1":
                encoding = "ros1"
            else:
                encoding = str(getattr(first.ext, "serialization_format", "cdr") or "cdr")
            ros_type = info.msgtype or first.msgtype  # several types on one topic: the first
            kept = [c for c in connections if c.msgtype == ros_type]
            topic = RecordedTopic(name=name, ros_type=ros_type, definition=first.msgdef.data,
                                  count=sum(c.msgcount for c in kept), encoding=encoding)
            found[name] = (topic, kept)
        return found

    @property
    def duration_ns(self) -> int:
        """From the first message's log time to just after the last one's (0: empty)."""
        return int(self._reader.duration)

    def topics(self) -> list[RecordedTopic]:
        """Every topic of the file, sorted by name."""
        return [topic for topic, _ in self._topics.values()]

    def messages(self, topics: Sequence[str]) -> Iterator[RecordedMessage]:
        """The messages of ``topics`` in log-time order.

        Raises:
            KeyError: a topic the file does not have.
            RecordingFormatError: the file breaks off or is damaged between messages.
        """
        connections = [c for name in topics for c in self._topics[name][1]]
        if not connections:
            return
        try:
            for connection, log_time, data in self._reader.messages(connections=connections):
                yield RecordedMessage(connection.topic, int(log_time),
                                      data if isinstance(data, bytes) else bytes(data))
        except (GeneratorExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            raise RecordingFormatError(
                f"{self.path}: reading messages failed ({type(exc).__name__}: {exc}); "
                "the file is probably truncated or damaged",
                action="read recording", resource=str(self.path)) from exc

    def decode(self, topic: RecordedTopic, data: bytes) -> Any:
        """The message object of ``data``.

        Raises:
            ValueError: ``data`` does not decode as ``topic``'s type, or the topic's
                encoding is not one we decode (``cdr``, ``ros1``).
        """
        if topic.encoding not in _DECODABLE:
            raise ValueError(f"message encoding {topic.encoding!r} is not supported "
                             f"(only {', '.join(_DECODABLE)})")
        try:
            if topic.encoding == "ros1":
                return self.types.deserialize_ros1(data, topic.ros_type)
            return self.types.deserialize_cdr(data, topic.ros_type)
        except Exception as exc:  # SerdeError, struct.error, IndexError, UnicodeDecodeError…
            raise ValueError(f"does not decode as {topic.ros_type} "
                             f"({type(exc).__name__}: {exc})") from exc

    def batch_decoder(self, topic: RecordedTopic,
                      mapping: MessageMapping) -> BatchDecoder | None:
        """A decoder reading ``topic``'s CDR messages many at once with numpy (see
        :mod:`~mosaicolabs.adapters.recordings.batch_decoding`), or None."""
        from .batch_decoding import batch_decoder

        return batch_decoder(self.types, topic.ros_type, topic.encoding, mapping)

    def close(self) -> None:
        """Close the file (idempotent)."""
        if self._reader.stack is not None:
            self._reader.close()
        self._cleanup()

    def _cleanup(self) -> None:
        if self._tempdir is not None:
            shutil.rmtree(self._tempdir, ignore_errors=True)
            self._tempdir = None

    def __enter__(self) -> RosbagsReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
