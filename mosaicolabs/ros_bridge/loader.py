"""The official ``ROSLoader``: a recording's messages as ``ROSMessage`` containers.

``ROSLoader(path, topics=[...])`` opens a ROS 1 ``.bag``, a ROS 2 ``.db3`` / ``.mcap``
file (or a ROS 2 bag directory, which the official loader refuses), chooses topics with
the injector's glob patterns (``"!"`` excludes, in order) and yields, in log-time order,
``(ROSMessage, None)`` per message, or ``(ROSMessage with data None, error)`` for one
that does not decode (``error_policy`` says whether that also logs, or raises). It reads
through our recording reader; ``ROSTypeRegistry`` definitions and ``custom_types`` fill in
the types the file does not define.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import Any

from mosaicolabs.logging_config import get_logger

from .ros_message import ROSMessage, ros_to_dict

__all__ = ["LoaderErrorPolicy", "ROSLoader"]

logger = get_logger(__name__)


class LoaderErrorPolicy(Enum):
    """What to do with a message that does not decode.

    Attributes:
        IGNORE: leave it out, say nothing.
        LOG_WARN: leave it out and log a warning.
        RAISE: stop reading and raise.
    """

    IGNORE = "ignore"
    LOG_WARN = "log_warn"
    RAISE = "raise"


class ROSLoader:
    """Reads one recording's messages as :class:`ROSMessage` containers.

    Args:
        file_path: a ``.bag``, ``.db3`` or ``.mcap`` file, or a ROS 2 bag directory.
        topics: a topic name or patterns (``None``: every topic).
        typestore_name: the ROS distribution (``rosbags.typesys.Stores``) whose registered
            definitions (:class:`~mosaicolabs.ros_bridge.ROSTypeRegistry`) apply.
        error_policy: what a message that does not decode does.
        custom_types: type name -> ``.msg`` file or definition text, for this file only.

    Raises:
        FileNotFoundError: nothing at ``file_path``.
        ValueError: a file of another extension.
    """

    ACCEPTED_EXTENSIONS = frozenset({".bag", ".db3", ".mcap"})

    def __init__(self, file_path: str | Path, topics: str | list[str] | None = None,
                 typestore_name: Any = None,
                 error_policy: LoaderErrorPolicy = LoaderErrorPolicy.LOG_WARN,
                 custom_types: dict[str, str | Path] | None = None) -> None:
        self._path = Path(file_path)
        if not self._path.exists():
            raise FileNotFoundError(f"ROS bag not found: {self._path}")
        if self._path.is_file() and self._path.suffix not in self.ACCEPTED_EXTENSIONS:
            raise ValueError(f"Unsupported format '{self._path.suffix}'. Supported: "
                             f"{sorted(self.ACCEPTED_EXTENSIONS)}")
        self._patterns = [topics] if isinstance(topics, str) else topics
        self._store = typestore_name
        self._policy = error_policy
        self._custom = dict(custom_types or {})
        self._reader: Any = None
        self._chosen: list[Any] = []

    def _open(self) -> Any:
        if self._reader is not None:
            return self._reader
        from mosaicolabs.recordings import open_recording

        from .definitions import add_definitions
        from .injector import select_topics
        from .registry import ROSTypeRegistry, definition_text

        reader = open_recording(self._path)
        try:
            local = {name: definition_text(source) for name, source in self._custom.items()}
            add_definitions(reader.types, {**ROSTypeRegistry.get_types(self._store), **local})
            by_name = {t.name: t for t in reader.topics()}
            names = select_topics(list(by_name), self._patterns)
            if not names:
                raise RuntimeError("ROSLoader: no topic of the recording matches "
                                   f"{self._patterns}")
        except BaseException:
            reader.close()
            raise
        self._reader, self._chosen = reader, [by_name[n] for n in names]
        return reader

    @property
    def topics(self) -> list[str]:
        """The topics the patterns chose, in the recording's order."""
        self._open()
        return [t.name for t in self._chosen]

    @property
    def msg_types(self) -> list[str | None]:
        """The ROS type of each of :attr:`topics`."""
        self._open()
        return [t.ros_type for t in self._chosen]

    def msg_count(self, topic: str | None = None) -> int:
        """Messages of ``topic`` (0 if it is not chosen), or of every chosen topic."""
        self._open()
        if topic is None:
            return sum(t.count for t in self._chosen)
        return next((t.count for t in self._chosen if t.name == topic), 0)

    @property
    def duration(self) -> int:
        """The recording's duration in nanoseconds."""
        return int(self._open().duration_ns)

    def __iter__(self) -> Iterator[tuple[ROSMessage, Exception | None]]:
        reader = self._open()
        topics = {t.name: t for t in self._chosen}
        for message in reader.messages(list(topics)):
            topic = topics[message.topic]
            try:
                data = ros_to_dict(reader.decode(topic, message.data))
            except ValueError as exc:
                text = f"Deserialization error on {topic.name} ({topic.ros_type}): {exc}"
                if self._policy is LoaderErrorPolicy.RAISE:
                    raise ValueError(text) from exc
                if self._policy is LoaderErrorPolicy.LOG_WARN:
                    logger.warning(text)
                yield ROSMessage(message.log_time_ns, topic.name, topic.ros_type, None), exc
                continue
            yield ROSMessage(message.log_time_ns, topic.name, topic.ros_type, data), None

    def close(self) -> None:
        """Close the file (idempotent)."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def __enter__(self) -> ROSLoader:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
