"""``ROSBridge.from_ros_message`` for our built-in types: the message their mapping makes.

The official bridge translates a ``ROSMessage`` of a built-in type with its adapter class;
ours are columnar mappings that read rosbags message objects. So the message's data (plain
dicts and lists, as :func:`~mosaicolabs.ros_bridge.ros_message.ros_to_dict` gives them) is
rebuilt as the rosbags object of its type, one row is made with the type's mapping, and
that row is read back as a :class:`~mosaicolabs.Message`: the same values an import stores.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from mosaicolabs.domain.ontology.columns import batch_to_messages
from mosaicolabs.domain.ontology.message import Message

from .ros_message import ROSMessage

__all__ = ["builtin_message"]

_BASE, _NAME = 1, 2  # rosbags' node types: a base type, a message name (else an array)
_NUMPY = {"bool": "bool", "byte": "uint8", "char": "uint8"}


@functools.cache
def _types() -> Any:
    from rosbags.typesys import Stores, get_typestore

    return get_typestore(Stores.LATEST)


def _value(types: Any, node: Any, data: Any) -> Any:
    kind, spec = node
    if kind == _BASE:
        return data
    if kind == _NAME:
        return from_dict(types, spec, data)
    inner, _length = spec  # an array or a sequence
    if inner[0] == _BASE and inner[1][0] != "string":
        return np.asarray(data, dtype=_NUMPY.get(inner[1][0], inner[1][0]))
    return [_value(types, inner, item) for item in data]


def from_dict(types: Any, ros_type: str, data: dict[str, Any]) -> Any:
    """The rosbags message object of ``ros_type`` holding ``data``.

    Raises:
        KeyError: a field of the type is missing from ``data``.
    """
    _consts, fields = types.fielddefs[ros_type]
    values = {name: _value(types, node, data[name]) for name, node in fields}
    return types.types[ros_type](**values)


def builtin_message(ros_msg: ROSMessage) -> Message[Any] | None:
    """The message our built-in mapping of ``ros_msg``'s type makes of it; ``None`` when
    the type has no registered mapping or the message has no data.

    Raises:
        ValueError: the data does not fit the type (a field missing, a wrong value).
    """
    from mosaicolabs.adapters.recordings.mappings import (
        mapping_for,
        normalise_type,
        registered_types,
    )

    name = normalise_type(ros_msg.msg_type)
    types = _types()
    if ros_msg.data is None or name not in registered_types() or name not in types.fielddefs:
        return None
    try:
        message = from_dict(types, name, ros_msg.data)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{ros_msg.topic}: the data of this {name} message does not fit "
                         f"its type ({type(exc).__name__}: {exc})") from exc
    mapping = mapping_for(name, None, types)
    batch = mapping.to_batch([ros_msg.bag_timestamp_ns], [message])
    return batch_to_messages(mapping.model, batch)[0]
