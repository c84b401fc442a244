"""``ROSAdapterBase``: the official base class of a ROS-message-to-model adapter.

Code written for the official ``mosaicolabs.ros_bridge`` subclasses it, states the ROS
type(s) and the model, implements ``from_dict`` and registers the class with
:func:`~mosaicolabs.ros_bridge.register_default_adapter` (or names it per topic in
``ROSInjectionConfig.adapter_overrides``); :class:`~mosaicolabs.ros_bridge.RosbagInjector`
then imports those topics through it, message by message (see
:mod:`mosaicolabs.ros_bridge.adapter_mapping`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar, Generic, TypeVar

from mosaicolabs.domain.ontology.message import Message
from mosaicolabs.domain.ontology.serializable import Serializable

from .ros_message import ROSMessage

__all__ = ["ROSAdapterBase"]

T = TypeVar("T", bound=Serializable)


class ROSAdapterBase(ABC, Generic[T]):
    """Turns a :class:`ROSMessage` of ``ros_msgtype`` into a message of the model
    ``__mosaico_ontology_type__``; subclasses implement :meth:`from_dict`."""

    ros_msgtype: ClassVar[str | tuple[str, ...]]
    __mosaico_ontology_type__: ClassVar[type[Serializable]]

    @classmethod
    def ros_msg_type(cls) -> str | tuple[str, ...]:
        """The ROS type(s) this adapter reads."""
        return cls.ros_msgtype

    @classmethod
    def translate(cls, ros_msg: ROSMessage, **kwargs: Any) -> Message[Any]:
        """The message of ``ros_msg``: ``timestamp_ns`` the header's stamp (the log time
        without a header), ``recording_timestamp_ns`` the log time, ``frame_id`` and
        ``sequence_id`` from the header, ``data`` from :meth:`from_dict`.

        Raises:
            ValueError: the message did not decode, or :meth:`from_dict` failed on it.
        """
        if ros_msg.data is None:
            raise ValueError(f"{ros_msg.topic}: the message did not decode (no data)")
        header = ros_msg.header
        try:
            return Message(
                timestamp_ns=header.stamp.to_nanoseconds() if header else
                ros_msg.bag_timestamp_ns,
                data=cls.from_dict(ros_msg.data),
                recording_timestamp_ns=ros_msg.bag_timestamp_ns,
                frame_id=header.frame_id if header else None,
                sequence_id=header.seq if header else None,
            )
        except Exception as exc:  # the adapter's own code: any error names the topic
            raise ValueError(f"{ros_msg.topic}: {cls.__name__} could not translate the "
                             f"message logged at {ros_msg.bag_timestamp_ns} ns "
                             f"({type(exc).__name__}: {exc})") from exc

    @classmethod
    @abstractmethod
    def from_dict(cls, ros_data: dict[str, Any]) -> T:
        """The model instance of a message's data (as :func:`ros_to_dict` gives it)."""

    @classmethod
    def schema_metadata(cls, ros_data: dict[str, Any], **kwargs: Any) -> dict[str, Any] | None:
        """Extra metadata about the ROS message (the official importer does not use it)."""
        return None

    @classmethod
    def ontology_data_type(cls) -> type[Serializable]:
        """The model the adapter makes."""
        return cls.__mosaico_ontology_type__
