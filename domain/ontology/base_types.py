"""Scalar models: one typed ``data`` value per message (numbers, booleans, text)."""

from __future__ import annotations

import pyarrow as pa

from .fields import required_field
from .serializable import Serializable

__all__ = [
    "Boolean",
    "Floating16",
    "Floating32",
    "Floating64",
    "Integer8",
    "Integer16",
    "Integer32",
    "Integer64",
    "LargeString",
    "String",
    "Unsigned8",
    "Unsigned16",
    "Unsigned32",
    "Unsigned64",
]


class Integer8(Serializable):
    """A signed 8-bit integer."""

    __ontology_tag__ = "integer8"
    data: int = required_field(pa.int8(), description="The int8 value.")


class Integer16(Serializable):
    """A signed 16-bit integer."""

    __ontology_tag__ = "integer16"
    data: int = required_field(pa.int16(), description="The int16 value.")


class Integer32(Serializable):
    """A signed 32-bit integer."""

    __ontology_tag__ = "integer32"
    data: int = required_field(pa.int32(), description="The int32 value.")


class Integer64(Serializable):
    """A signed 64-bit integer."""

    __ontology_tag__ = "integer64"
    data: int = required_field(pa.int64(), description="The int64 value.")


class Unsigned8(Serializable):
    """An unsigned 8-bit integer."""

    __ontology_tag__ = "unsigned8"
    data: int = required_field(pa.uint8(), description="The uint8 value.")


class Unsigned16(Serializable):
    """An unsigned 16-bit integer."""

    __ontology_tag__ = "unsigned16"
    data: int = required_field(pa.uint16(), description="The uint16 value.")


class Unsigned32(Serializable):
    """An unsigned 32-bit integer."""

    __ontology_tag__ = "unsigned32"
    data: int = required_field(pa.uint32(), description="The uint32 value.")


class Unsigned64(Serializable):
    """An unsigned 64-bit integer."""

    __ontology_tag__ = "unsigned64"
    data: int = required_field(pa.uint64(), description="The uint64 value.")


class Floating16(Serializable):
    """A half-precision (16-bit) floating-point number."""

    __ontology_tag__ = "floating16"
    data: float = required_field(pa.float16(), description="The float16 value.")


class Floating32(Serializable):
    """A single-precision (32-bit) floating-point number."""

    __ontology_tag__ = "floating32"
    data: float = required_field(pa.float32(), description="The float32 value.")


class Floating64(Serializable):
    """A double-precision (64-bit) floating-point number."""

    __ontology_tag__ = "floating64"
    data: float = required_field(pa.float64(), description="The float64 value.")


class Boolean(Serializable):
    """A true/false flag."""

    __ontology_tag__ = "boolean"
    data: bool = required_field(pa.bool_(), description="The boolean value.")


class String(Serializable):
    """A UTF-8 text value (32-bit offsets)."""

    __ontology_tag__ = "string"
    data: str = required_field(pa.string(), description="The text.")


class LargeString(Serializable):
    """A UTF-8 text value with 64-bit offsets, for very large texts."""

    __ontology_tag__ = "large_string"
    data: str = required_field(pa.large_string(), description="The text.")
