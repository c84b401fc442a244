"""An official-style adapter seen as one of our mappings, so the importer can use it.

The importer decodes a batch of a topic's messages and hands them to the topic's mapping;
:class:`AdapterMapping` turns each one into a :class:`ROSMessage`, lets the adapter
translate it (per message, in Python, as the official importer does) and pivots the
results into the model's columns. Export is not offered: an adapter reads ROS messages,
it does not write them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pyarrow as pa

from mosaicolabs.domain.ontology.columns import messages_to_batch
from mosaicolabs.domain.ontology.message import message_schema
from mosaicolabs.domain.ontology.serializable import Serializable

from .adapter_base import ROSAdapterBase
from .ros_message import ROSMessage, ros_to_dict

__all__ = ["AdapterMapping"]


class AdapterMapping:
    """A :class:`~mosaicolabs.ports.recordings.MessageMapping` over ``adapter`` for the
    messages of ``topic`` (of type ``ros_type``)."""

    def __init__(self, adapter: type[ROSAdapterBase[Any]], ros_type: str, topic: str) -> None:
        self.adapter, self.ros_type, self.topic = adapter, ros_type, topic
        self.model: type[Serializable] = adapter.ontology_data_type()
        self._schema = message_schema(self.model)

    def to_batch(self, log_times_ns: Sequence[int], messages: Sequence[Any]) -> pa.RecordBatch:
        """The adapter's translation of each message, as rows of the model.

        Raises:
            ValueError: the adapter failed on a message, or made another model.
        """
        translated = []
        for log_time, message in zip(log_times_ns, messages, strict=True):
            out = self.adapter.translate(ROSMessage(int(log_time), self.topic, self.ros_type,
                                                    ros_to_dict(message)))
            if not isinstance(out.data, self.model):
                raise ValueError(f"{self.topic}: {self.adapter.__name__} made a "
                                 f"{type(out.data).__name__}, not its declared "
                                 f"{self.model.__name__}")
            translated.append(out)
        return messages_to_batch(self.model, translated, self._schema)

    def from_batch(self, batch: pa.RecordBatch, types: Any) -> Iterator[tuple[int, Any]]:
        """Not offered.

        Raises:
            NotImplementedError: always.
        """
        raise NotImplementedError(f"{self.topic} was imported by the adapter "
                                  f"{self.adapter.__name__}, which cannot write ROS messages")

    def __repr__(self) -> str:
        return f"AdapterMapping({self.ros_type!r} -> {self.model.__name__} by " \
               f"{self.adapter.__name__})"
