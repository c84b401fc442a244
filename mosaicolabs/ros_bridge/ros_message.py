"""The official ``ROSMessage`` / ``ROSHeader`` containers an adapter reads.

A decoded message reaches an official-style adapter (:class:`~mosaicolabs.ros_bridge.
ROSAdapterBase`) as a :class:`ROSMessage`: its log time, topic, ROS type and the message
as plain Python data (``dict`` per message, ``list`` per array, numbers and strings),
with its ``header`` parsed when it has one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from mosaicolabs.types import Time

__all__ = ["ROSHeader", "ROSMessage", "ros_to_dict"]


def ros_to_dict(value: Any) -> Any:
    """A decoded ROS message (a rosbags message object) as plain Python data: a ``dict``
    of its fields for a message (``builtin_interfaces`` times too), a ``list`` for an
    array or a sequence (numpy arrays included), the value itself otherwise. Names
    starting with ``_`` (``__msgtype__``) are left out."""
    if hasattr(value, "__msgtype__") and dataclasses.is_dataclass(value):
        return {f.name: ros_to_dict(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not f.name.startswith("_")}  # not ``__msgtype__``
    if isinstance(value, (list, tuple)):
        return [ros_to_dict(item) for item in value]
    tolist = getattr(value, "tolist", None)  # numpy arrays and scalars
    return tolist() if callable(tolist) else value


@dataclass
class ROSHeader:
    """A ``std_msgs/Header``: sequence number (ROS 1), frame and stamp."""

    seq: int | None
    frame_id: str
    stamp: Time

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ROSHeader:
        """The header of a message's ``header`` field (as :func:`ros_to_dict` gives it).

        Raises:
            ValueError: ``frame_id``, ``stamp`` or the stamp's ``sec``/``nanosec`` missing.
        """
        stamp = data.get("stamp")
        if "frame_id" not in data or not isinstance(stamp, dict) or not {
                "sec", "nanosec"} <= stamp.keys():
            raise ValueError("malformed ROS message header: it needs 'frame_id' and a 'stamp' "
                             f"with 'sec' and 'nanosec'; it has {sorted(data)}")
        return cls(seq=data.get("seq"), frame_id=data["frame_id"],
                   stamp=Time(seconds=stamp["sec"], nanoseconds=stamp["nanosec"]))


class ROSMessage:
    """One recorded message for an adapter.

    Attributes:
        bag_timestamp_ns: when the recorder logged it (ns).
        topic: the topic it was recorded on.
        msg_type: its ROS type (``sensor_msgs/msg/Imu``).
        data: the message as plain Python data (see :func:`ros_to_dict`); ``None`` when it
            did not decode.
        header: its parsed ``header`` field, when it has one.
    """

    def __init__(self, bag_timestamp_ns: int, topic: str, msg_type: str,
                 data: dict[str, Any] | None) -> None:
        self.bag_timestamp_ns = bag_timestamp_ns
        self.topic = topic
        self.msg_type = msg_type
        self.data = data
        header = data.get("header") if data else None
        self.header: ROSHeader | None = ROSHeader.from_dict(header) if header else None

    def __repr__(self) -> str:
        return (f"ROSMessage(topic={self.topic!r}, msg_type={self.msg_type!r}, "
                f"bag_timestamp_ns={self.bag_timestamp_ns})")
