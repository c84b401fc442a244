"""Recordings (ROS 1 bags, ROS 2 bags, MCAP files): what importing and exporting need.

A file format is an adapter behind :class:`RecordingReader` / :class:`RecordingWriter`;
how one ROS message type becomes columns of one of our models (and back) is a
:class:`MessageMapping`. Only plain data and Arrow cross these boundaries.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import pyarrow as pa

from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.domain.ontology.serializable import Serializable

__all__ = ["BatchDecoder", "BatchDecodingReader", "MessageMapping", "RecordedMessage",
           "RecordedTopic", "RecordingFormatError", "RecordingReader", "RecordingWriter"]


class RecordingFormatError(InvalidRequestError):
    """A file that is not a recording we can read or write: unknown format, truncated or
    damaged beyond one message, an unsupported message encoding."""


@dataclass(frozen=True)
class RecordedTopic:
    """One topic of a recording, as its file describes it."""

    name: str  #: topic name, e.g. ``/imu``
    ros_type: str  #: ROS 2 spelling, ``sensor_msgs/msg/Imu`` (ROS 1 names are normalised)
    definition: str  #: the message definition text (kept in the topic's metadata)
    count: int  #: messages in the file (0 when the file does not say)
    encoding: str  #: serialization of the messages: ``cdr`` (ROS 2) or ``ros1``


@dataclass(frozen=True)
class RecordedMessage:
    """One message of a recording, not decoded yet (decoding may fail per message)."""

    topic: str
    log_time_ns: int  #: when the recorder received it
    data: bytes  #: the serialized message


class RecordingReader(Protocol):
    """An open recording file."""

    #: The type store of the file's message types (a rosbags type store), for mappings.
    types: Any

    def topics(self) -> list[RecordedTopic]:
        """Every topic of the file."""
        ...

    def messages(self, topics: Sequence[str]) -> Iterator[RecordedMessage]:
        """The messages of ``topics``, in log-time order."""
        ...

    def decode(self, topic: RecordedTopic, data: bytes) -> Any:
        """The ROS message object of ``data`` (attribute access: ``msg.header.stamp``).

        Raises:
            ValueError: ``data`` does not decode as ``topic``'s type.
        """
        ...

    def close(self) -> None: ...


class RecordingWriter(Protocol):
    """A recording file being written."""

    #: The type store that builds message objects for :meth:`write` (a rosbags type
    #: store); it knows a topic's type once :meth:`add_topic` registered it.
    types: Any

    def add_topic(self, topic: RecordedTopic) -> None: ...

    def write(self, topic: str, log_time_ns: int, message: Any) -> None:
        """Append a ROS message object (built by :meth:`MessageMapping.from_batch`)."""
        ...

    def close(self) -> None: ...


class MessageMapping(Protocol):
    """How one ROS message type is stored as one of our models, and read back."""

    # Read-only members: a mapping may declare them as plain class attributes
    # (``model = WheelTicks``) and still satisfy the protocol.
    @property
    def ros_type(self) -> str:
        """e.g. ``sensor_msgs/msg/Imu``"""
        ...

    @property
    def model(self) -> type[Serializable]:
        """The model whose topic stores it."""
        ...

    def to_batch(self, log_times_ns: Sequence[int], messages: Sequence[Any]) -> pa.RecordBatch:
        """Rows of ``message_schema(model)``: ``timestamp_ns`` from the message header's
        stamp (the log time when it has no header), ``recording_timestamp_ns`` the log
        time, ``frame_id`` the header's frame, then the model's fields."""
        ...

    def from_batch(self, batch: pa.RecordBatch, types: Any) -> Iterator[tuple[int, Any]]:
        """``(log time ns, ROS message object)`` per row; ``types`` builds the objects
        (a rosbags type store)."""
        ...


class BatchDecoder(Protocol):
    """Decodes many serialized messages of one topic at once, straight into the rows
    :meth:`MessageMapping.to_batch` would make of them."""

    def decode_batch(self, log_times_ns: Sequence[int],
                     payloads: Sequence[bytes]) -> tuple[pa.RecordBatch | None, list[int]]:
        """The rows of the payloads it decodes (in their order; None when none) and the
        indices of those it leaves to :meth:`RecordingReader.decode` and ``to_batch``."""
        ...


@runtime_checkable
class BatchDecodingReader(Protocol):
    """A :class:`RecordingReader` that can also decode a topic's messages in batches."""

    def batch_decoder(self, topic: RecordedTopic,
                      mapping: MessageMapping) -> BatchDecoder | None:
        """The batch decoder of ``topic`` stored with ``mapping`` (None: per message)."""
        ...
