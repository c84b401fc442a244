"""The mapping of a ROS type no other mapping covers: a model derived from its definition.

Every field of the message becomes a column (a top-level ``std_msgs/Header`` goes
to the envelope): base types as Arrow scalars, nested messages as structs,
arrays and sequences as lists, ``uint8``/``byte``/``char`` arrays as ``binary``.
The model is created at run time, registered under ``ros_<package>_<name>``
(``my_pkg/msg/WheelSpeeds``: ``ros_my_pkg_wheel_speeds``), so nothing of a
recording is lost and exporting rebuilds the same messages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from mosaicolabs.domain.ontology.fields import arrow_field
from mosaicolabs.domain.ontology.message import ENVELOPE_FIELDS
from mosaicolabs.domain.ontology.serializable import Serializable

from .base import HEADER, ColumnMapping, binary_array, header, ros

__all__ = ["GenericMapping", "generic_tag"]

_BASE, _NAME, _ARRAY, _SEQUENCE = 1, 2, 3, 4
_NUMBERS: dict[str, tuple[pa.DataType, Any]] = {
    "bool": (pa.bool_(), np.bool_), "byte": (pa.uint8(), np.uint8),
    "char": (pa.uint8(), np.uint8), "octet": (pa.uint8(), np.uint8),
    "int8": (pa.int8(), np.int8), "uint8": (pa.uint8(), np.uint8),
    "int16": (pa.int16(), np.int16), "uint16": (pa.uint16(), np.uint16),
    "int32": (pa.int32(), np.int32), "uint32": (pa.uint32(), np.uint32),
    "int64": (pa.int64(), np.int64), "uint64": (pa.uint64(), np.uint64),
    "float32": (pa.float32(), np.float32), "float64": (pa.float64(), np.float64),
}
_STRINGS = frozenset({"string", "wstring"})
_BYTES = frozenset({"uint8", "byte", "char", "octet"})
_RESERVED = frozenset(f.name for f in ENVELOPE_FIELDS)


def generic_tag(ros_type: str) -> str:
    """The ontology tag of the generic model of ``ros_type``."""
    package, name = ros_type.split("/")[0], ros_type.split("/")[-1]
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
    return f"ros_{package}_{words}".lower()


def _is_bytes(node: Any) -> bool:
    element = node[1][0]
    return bool(element[0] == _BASE and element[1][0] in _BYTES)


def arrow_type(node: Any, types: Any) -> pa.DataType:
    """The Arrow type of one field (a rosbags field node)."""
    kind, detail = node
    if kind == _BASE:
        base = detail[0]
        if base in _STRINGS:
            return pa.string()
        return _NUMBERS[base][0]
    if kind == _NAME:
        return pa.struct([pa.field(name, arrow_type(child, types))
                          for name, child in types.fielddefs[detail][1]])
    if _is_bytes(node):
        return pa.binary()
    return pa.list_(arrow_type(detail[0], types))


def to_arrow(values: Sequence[Any], node: Any, types: Any) -> pa.Array:
    """One column of the values of one field, across messages."""
    kind, detail = node
    type_ = arrow_type(node, types)
    if kind == _BASE:
        return pa.array(values, type=type_)
    if kind == _NAME:
        fields = types.fielddefs[detail][1]
        children = [to_arrow([getattr(v, name) for v in values], child, types)
                    for name, child in fields]
        return pa.StructArray.from_arrays(children, fields=list(type_))
    if _is_bytes(node):
        return binary_array(values)
    element = detail[0]
    if element[0] == _NAME:  # a list of messages: one struct column of all, then offsets
        flat = [item for value in values for item in value]
        offsets = np.zeros(len(values) + 1, dtype=np.int32)
        np.cumsum([len(value) for value in values], out=offsets[1:])
        items = to_arrow(flat, element, types)
        return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), items, type=type_)
    return pa.array([list(v) if isinstance(v, (list, tuple)) else np.asarray(v)
                     for v in values], type=type_)


def to_ros(value: Any, node: Any, types: Any) -> Any:
    """The ROS value of a stored value (None: the type's zero value)."""
    kind, detail = node
    if kind == _BASE:
        if value is not None:
            return value
        return "" if detail[0] in _STRINGS else _NUMBERS[detail[0]][1](0).item()
    if kind == _NAME:
        value = value or {}
        return ros(types, detail, {name: to_ros(value.get(name), child, types)
                                   for name, child in types.fielddefs[detail][1]})
    element, size = detail
    if value is None:
        value = [None] * size if kind == _ARRAY else []
    if _is_bytes(node):
        raw = value if isinstance(value, bytes) else bytes(v or 0 for v in value)
        return np.frombuffer(raw, dtype=np.uint8)
    if element[0] == _BASE and element[1][0] not in _STRINGS:
        return np.asarray([to_ros(v, element, types) for v in value],
                          dtype=_NUMBERS[element[1][0]][1])
    return [to_ros(v, element, types) for v in value]


def _closure(ros_type: str, types: Any) -> dict[str, Any]:
    """The definitions of ``ros_type`` and of every type it nests."""
    found: dict[str, Any] = {}
    pending = [ros_type]
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found[name] = types.fielddefs[name]
        for _, node in found[name][1]:
            inner = node if node[0] in (_BASE, _NAME) else node[1][0]
            if inner[0] == _NAME:
                pending.append(inner[1])
    return found


_MODELS: dict[tuple[str, str], type[Serializable]] = {}


def _model(ros_type: str, columns: dict[str, pa.DataType]) -> type[Serializable]:
    key = (ros_type, str(pa.schema(list(columns.items()))))
    model = _MODELS.get(key)
    if model is None:
        name = "Ros_" + ros_type.replace("/msg/", "_").replace("/", "_")
        namespace: dict[str, Any] = {
            "__module__": __name__, "__qualname__": name,
            "__ontology_tag__": generic_tag(ros_type),
            "__doc__": f"Generic model of the ROS type {ros_type}.",
            "__annotations__": dict.fromkeys(columns, Any),
            **{column: arrow_field(type_) for column, type_ in columns.items()},
        }
        model = _MODELS[key] = type(name, (Serializable,), namespace)
    return model


class GenericMapping(ColumnMapping):
    """Any ROS type, field by field, as a model derived from its definition.

    Args:
        ros_type: The ROS 2 spelling of the type.
        types: A rosbags type store that knows the type (and the types it nests).
    """

    def __init__(self, ros_type: str, types: Any) -> None:
        self.ros_type = ros_type
        self.definitions = _closure(ros_type, types)
        self._types = types
        fields = list(types.fielddefs[ros_type][1])
        first = fields[0] if fields else None
        self.stamped = bool(first and first[0] == "header" and first[1] == (_NAME, HEADER))
        self.fields = fields[1:] if self.stamped else fields
        #: column name per ROS field (a field named like an envelope column gets a "_")
        self.columns_of = {name: name + "_" if name in _RESERVED or hasattr(Serializable, name)
                           else name for name, _ in self.fields}
        self.model = _model(ros_type, {self.columns_of[name]: arrow_type(node, types)
                                       for name, node in self.fields})

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        return {self.columns_of[name]: to_arrow([getattr(m, name) for m in messages], node,
                                                self._types)
                for name, node in self.fields}

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        missing = {name: d for name, d in self.definitions.items() if name not in types.types}
        if missing:  # the target store lacks the (custom) types: teach it them
            types.register(missing)
        values = {name: to_ros(row.get(self.columns_of[name]), node, types)
                  for name, node in self.fields}
        if self.stamped:
            values["header"] = header(types, row)
        return ros(types, self.ros_type, values)
