"""The keys an imported topic keeps in its user metadata, so it can be exported again."""

from __future__ import annotations

from typing import Any

from mosaicolabs.ports.recordings import RecordedTopic

__all__ = ["ROS_DEFINITION", "ROS_ENCODING", "ROS_TYPE", "recorded_topic", "topic_metadata"]

ROS_TYPE = "ros_type"  #: ``sensor_msgs/msg/Imu``
ROS_DEFINITION = "ros_message_definition"  #: the message definition text
ROS_ENCODING = "ros_encoding"  #: ``cdr`` or ``ros1``, as recorded


def topic_metadata(topic: RecordedTopic) -> dict[str, Any]:
    """The user metadata of the topic an import creates for ``topic``."""
    return {ROS_TYPE: topic.ros_type, ROS_DEFINITION: topic.definition,
            ROS_ENCODING: topic.encoding}


def recorded_topic(name: str, metadata: dict[str, Any], count: int = 0) -> RecordedTopic | None:
    """The recording topic a stored topic came from; ``None`` when it was not imported."""
    ros_type = metadata.get(ROS_TYPE)
    if not isinstance(ros_type, str) or not ros_type:
        return None
    definition = metadata.get(ROS_DEFINITION)
    encoding = metadata.get(ROS_ENCODING)
    return RecordedTopic(name=name, ros_type=ros_type,
                         definition=definition if isinstance(definition, str) else "",
                         count=count, encoding=encoding if isinstance(encoding, str) else "cdr")
