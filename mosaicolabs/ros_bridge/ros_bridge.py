"""``ROSBridge``: the official registry of ROS adapters, and ``register_default_adapter``.

It holds the adapters users register (:class:`~mosaicolabs.ros_bridge.ROSAdapterBase`
subclasses). Our built-in types are not adapter classes but columnar mappings
(:mod:`mosaicolabs.adapters.recordings.mappings`): :meth:`ROSBridge.is_msgtype_adapted`
counts them too, registering an adapter for one of them is refused, as the official
registry refuses a second adapter for a type its built-ins cover, and
:meth:`ROSBridge.from_ros_message` translates their messages through the mapping
(:mod:`mosaicolabs.ros_bridge.builtin`).
"""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from mosaicolabs.domain.ontology.message import Message

from .adapter_base import ROSAdapterBase
from .ros_message import ROSMessage

__all__ = ["ROSBridge", "register_default_adapter"]


#: ROS type -> adapter class; one registry per process, as the official one
_ADAPTERS: dict[str, type[ROSAdapterBase[Any]]] = {}
_LOCK = threading.Lock()


def _register(adapter_class: type[ROSAdapterBase[Any]]) -> None:
    types = adapter_class.ros_msgtype
    names = (types,) if isinstance(types, str) else tuple(types)
    with _LOCK:
        for name in names:
            if name in _ADAPTERS or _builtin(name):
                raise ValueError(f"Adapter for ROS message type '{name}' is already "
                                 "registered.")
        for name in names:
            _ADAPTERS[name] = adapter_class


def _builtin(ros_type: str) -> bool:
    from mosaicolabs.adapters.recordings.mappings import normalise_type, registered_types

    return normalise_type(ros_type) in registered_types()


class ROSBridge:
    """The registered adapters, by ROS type (class-level: one registry per process)."""

    _default_adapters: ClassVar[dict[str, type[ROSAdapterBase[Any]]]] = _ADAPTERS

    @classmethod
    def get_default_adapters(cls) -> dict[str, type[ROSAdapterBase[Any]]]:
        """ROS type -> the adapter registered for it (a copy)."""
        with _LOCK:
            return dict(_ADAPTERS)

    @classmethod
    def _register_default_adapter(cls, adapter_class: type[ROSAdapterBase[Any]]) -> None:
        _register(adapter_class)

    @classmethod
    def get_default_adapter(cls, ros_msg_type: str) -> type[ROSAdapterBase[Any]] | None:
        """The adapter registered for ``ros_msg_type``, or ``None``."""
        with _LOCK:
            return _ADAPTERS.get(ros_msg_type)

    @classmethod
    def is_msgtype_adapted(cls, ros_msg_type: str) -> bool:
        """Whether ``ros_msg_type`` has a registered adapter or a built-in mapping."""
        return cls.get_default_adapter(ros_msg_type) is not None or _builtin(ros_msg_type)

    @classmethod
    def is_adapted(cls, mosaico_cls: type[Any]) -> bool:
        """Whether a registered adapter makes the model ``mosaico_cls``."""
        return any(a.ontology_data_type() is mosaico_cls
                   for a in cls.get_default_adapters().values())

    @classmethod
    def from_ros_message(cls, ros_msg: ROSMessage, **kwargs: Any) -> Message[Any] | None:
        """The message of ``ros_msg``: by its type's registered adapter, else by our
        built-in mapping of its type (the values an import stores); ``None`` when its type
        has neither.

        Raises:
            ValueError: the adapter failed, or the data does not fit its type.
        """
        adapter = cls.get_default_adapter(ros_msg.msg_type)
        if adapter is not None:
            return adapter.translate(ros_msg, **kwargs)
        from .builtin import builtin_message

        return builtin_message(ros_msg)


def register_default_adapter(cls: type[ROSAdapterBase[Any]]) -> type[ROSAdapterBase[Any]]:
    """Class decorator: register ``cls`` for its ``ros_msgtype`` (one type or several).

    Raises:
        ValueError: a type already has an adapter, or is one of our built-in types.
    """
    _register(cls)
    return cls
