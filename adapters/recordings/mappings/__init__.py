"""Mappings between ROS message types and our models, both directions.

``mapping_for("sensor_msgs/msg/Imu")`` gives the mapping storing IMU messages as
``IMU`` rows; a type without a registered mapping gets a :class:`GenericMapping`
derived from its definition. ROS 1 names (``sensor_msgs/Imu``) resolve like their
ROS 2 spelling. Users add their own with :func:`register_mapping`.
"""

from __future__ import annotations

import threading
from typing import Any

from mosaicolabs.ports.recordings import MessageMapping

from . import geometry, sensors, std, vision
from .base import ColumnMapping, normalise_type
from .generic import GenericMapping, generic_tag
from .vision import ImageMapping

__all__ = ["ColumnMapping", "GenericMapping", "ImageMapping", "generic_tag", "mapping_for",
           "normalise_type", "register_mapping", "registered_types"]

_LOCK = threading.Lock()
_MAPPINGS: dict[str, MessageMapping] = {}


def register_mapping(mapping: MessageMapping, *, replace: bool = False) -> None:
    """Use ``mapping`` for its ``ros_type`` (ROS 1 or ROS 2 spelling).

    Raises:
        ValueError: the type already has a mapping and ``replace`` is false.
    """
    name = normalise_type(mapping.ros_type)
    with _LOCK:
        if name in _MAPPINGS and not replace:
            raise ValueError(f"{name} already has a mapping ({_MAPPINGS[name]!r}); "
                             "pass replace=True to replace it")
        _MAPPINGS[name] = mapping


def registered_types() -> list[str]:
    """The ROS types with a registered mapping (ROS 2 spelling), sorted."""
    with _LOCK:
        return sorted(_MAPPINGS)


def _store_for(ros_type: str, definition: str | None, types: Any) -> Any:
    """A type store knowing ``ros_type``: ``types``, or one built from ``definition``
    (``.msg`` text with its dependencies after ``MSG:`` lines, or IDL)."""
    if types is not None and ros_type in types.fielddefs:
        return types
    if not definition:
        raise ValueError(f"no mapping is registered for {ros_type} and neither a type store "
                         "knowing it nor its definition was given")
    from rosbags.typesys import Stores, get_types_from_idl, get_types_from_msg, get_typestore

    try:
        parsed = get_types_from_msg(definition, ros_type)
    except Exception:  # rosbags raises its own error types for text that is not .msg
        parsed = get_types_from_idl(definition)
    store = get_typestore(Stores.EMPTY)
    store.register(parsed)
    fallback = types if types is not None else get_typestore(Stores.LATEST)
    while True:  # dependencies the text leaves out: take them from the fallback store
        known = set(store.fielddefs)
        wanted = {inner for _, fields in store.fielddefs.values() for _, node in fields
                  for inner in _names(node) if inner not in known}
        if not wanted:
            return store
        lacking = wanted - set(fallback.fielddefs)
        if lacking:
            raise ValueError(f"the definition of {ros_type} uses unknown types {sorted(lacking)}")
        store.register({name: fallback.fielddefs[name] for name in wanted})


def _names(node: Any) -> list[str]:
    inner = node if node[0] in (1, 2) else node[1][0]
    return [inner[1]] if inner[0] == 2 else []


def mapping_for(ros_type: str, definition: str | None = None,
                types: Any = None) -> MessageMapping:
    """The mapping of ``ros_type``: the registered one, else the generic one (built from
    ``types``, a rosbags type store, or the ``definition`` text).

    Raises:
        ValueError: no registered mapping and the type cannot be resolved.
    """
    name = normalise_type(ros_type)
    with _LOCK:
        found = _MAPPINGS.get(name)
    if found is not None:
        return found
    return GenericMapping(name, _store_for(name, definition, types))


for _mapping in (*geometry.MAPPINGS, *sensors.MAPPINGS, *vision.MAPPINGS, *std.MAPPINGS):
    register_mapping(_mapping)
