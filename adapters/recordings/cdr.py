"""Fixed-layout CDR decoding: many messages of one type read as numpy columns at once.

The layout of a CDR message (XCDR1, as ROS 2 writes it: a 4-byte encapsulation header,
then every primitive aligned to its size relative to the end of that header, strings
and sequences as a ``uint32`` length before their elements) depends only on its string
and sequence lengths. :func:`walk` reads one message's layout; messages of one topic
with the same length and the same length prefixes share it, and :class:`Group` reads
each field of all of them with one strided numpy view. :class:`Rows` reads the same
fields message by message (layouts that differ), with the same interface.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

__all__ = ["Group", "Layout", "LayoutError", "Rows", "walk"]

_BASE, _NAME, _ARRAY, _SEQUENCE = 1, 2, 3, 4
_CODES = {"bool": "u1", "byte": "u1", "char": "u1", "octet": "u1", "int8": "i1",
          "uint8": "u1", "int16": "i2", "uint16": "u2", "int32": "i4", "uint32": "u4",
          "float32": "f4", "int64": "i8", "uint64": "u8", "float64": "f8"}
_U32 = {True: struct.Struct("<I"), False: struct.Struct(">I")}
Path = tuple[str | int, ...]


class LayoutError(ValueError):
    """A message whose layout we do not read here (the per-message path decodes it)."""


@dataclass(frozen=True)
class Leaf:
    offset: int  #: from the start of the payload (header included)
    code: str  #: numpy type code, or ``str`` for a string
    count: int  #: elements (characters for a string, without the NUL)
    scalar: bool


@dataclass
class Layout:
    """Where each field of one message sits."""

    little: bool
    size: int = 0
    leaves: dict[Path, Leaf] = field(default_factory=dict)
    counts: dict[Path, int] = field(default_factory=dict)  #: sequence lengths
    lengths: list[int] = field(default_factory=list)  #: offsets of the uint32 prefixes

    def leaf(self, path: Path) -> Leaf:
        try:
            return self.leaves[path]
        except KeyError:
            raise LayoutError(f"no field {path}") from None


class _Walker:
    def __init__(self, fielddefs: Any, data: Any) -> None:
        if len(data) < 4 or data[0] != 0 or data[1] not in (0, 1):
            raise LayoutError("not a plain CDR payload")
        self.fielddefs, self.data, self.pos = fielddefs, data, 4
        self.layout = Layout(little=data[1] == 1)
        self.u32 = _U32[self.layout.little]

    def align(self, n: int) -> None:
        self.pos += -(self.pos - 4) % n

    def advance(self, n: int) -> None:
        self.pos += n
        if self.pos > len(self.data):
            raise LayoutError("the payload is shorter than its layout")

    def message(self, name: str, path: Path) -> None:
        for name_, node in self.fielddefs[name][1]:
            self.node(node, (*path, name_))

    def node(self, node: Any, path: Path) -> None:
        kind, detail = node
        if kind == _BASE:
            self.base(detail[0], path, 1, True)
        elif kind == _NAME:
            self.message(detail, path)
        elif kind in (_ARRAY, _SEQUENCE):
            inner, count = detail
            if kind == _SEQUENCE:
                count = self.length()
                self.layout.counts[path] = count
            if inner[0] == _BASE and inner[1][0] in _CODES:
                self.base(inner[1][0], path, count, False)
            else:
                for i in range(count):
                    self.node(inner, (*path, i))
        else:
            raise LayoutError(f"unknown field kind {kind}")

    def length(self) -> int:
        self.align(4)
        offset = self.pos
        self.advance(4)
        self.layout.lengths.append(offset)
        return int(self.u32.unpack_from(self.data, offset)[0])

    def base(self, name: str, path: Path, count: int, scalar: bool) -> None:
        if name == "string":
            size = self.length()
            if size < 1:
                raise LayoutError("a string without its NUL")
            self.layout.leaves[path] = Leaf(self.pos, "str", size - 1, True)
            self.advance(size)
            return
        code = _CODES.get(name)
        if code is None:
            raise LayoutError(f"{name} fields are not read here")
        width = int(code[1])
        if count:
            self.align(width)
        self.layout.leaves[path] = Leaf(self.pos, code, count, scalar)
        self.advance(width * count)


def walk(types: Any, ros_type: str, data: Any) -> Layout:
    """The layout of ``data``, a serialized ``ros_type`` message (CDR).

    Raises:
        LayoutError: not plain CDR, a ``wstring``, or shorter than its layout.
    """
    walker = _Walker(types.fielddefs, data)
    try:
        walker.message(ros_type, ())
    except (KeyError, IndexError, struct.error) as exc:
        raise LayoutError(str(exc)) from exc
    walker.layout.size = walker.pos
    return walker.layout


def _dtype(leaf: Leaf, little: bool) -> np.dtype[Any]:
    dtype: np.dtype[Any] = np.dtype(leaf.code).newbyteorder("<" if little else ">")
    return dtype


def _native(values: np.ndarray[Any, Any], leaf: Leaf) -> np.ndarray[Any, Any]:
    values = values.astype(np.dtype(leaf.code), copy=False)
    return values[:, 0] if leaf.scalar else values


def _utf8(array: pa.Array) -> pa.Array:
    try:
        array.validate(full=True)
    except pa.ArrowInvalid as exc:
        raise LayoutError(f"a string is not UTF-8: {exc}") from exc
    return array


def _binary(lengths: np.ndarray[Any, Any], data: bytes) -> pa.Array:
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if offsets[-1] >= 2**31:
        raise LayoutError("over 2 GiB of bytes in one column")
    buffers = [None, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data)]
    return pa.Array.from_buffers(pa.binary(), len(lengths), buffers)


class Group:
    """Messages sharing one layout (same length, same length prefixes), read at once.

    Args:
        payloads: the messages; ``rows`` their first ``rows.shape[1]`` bytes, one row each.
    """

    def __init__(self, payloads: Sequence[Any], layout: Layout,
                 rows: np.ndarray[Any, Any]) -> None:
        self.n, self.layout, self.payloads, self.rows = len(payloads), layout, payloads, rows

    def num(self, *path: str | int) -> np.ndarray[Any, Any]:
        """A numeric field: shape ``(n,)`` for a scalar, ``(n, count)`` for an array."""
        leaf = self.layout.leaf(path)
        dtype = _dtype(leaf, self.layout.little)
        width = dtype.itemsize * (leaf.count if not leaf.scalar else 1)
        block = np.ascontiguousarray(self.rows[:, leaf.offset:leaf.offset + width])
        return _native(block.view(dtype).reshape(self.n, -1), leaf)

    def text(self, *path: str | int) -> pa.Array:
        leaf = self.layout.leaf(path)
        block = np.ascontiguousarray(self.rows[:, leaf.offset:leaf.offset + leaf.count])
        offsets = np.arange(self.n + 1, dtype=np.int32) * leaf.count
        return _utf8(pa.Array.from_buffers(pa.string(), self.n, [
            None, pa.py_buffer(offsets), pa.py_buffer(block)]))

    def blob(self, *path: str | int) -> pa.Array:
        """A byte array field as a ``binary`` column: one copy out of the payloads."""
        leaf = self.layout.leaf(path)
        start, end = leaf.offset, leaf.offset + leaf.count
        data = b"".join([memoryview(p)[start:end] for p in self.payloads])
        return _binary(np.full(self.n, leaf.count, dtype=np.int64), data)

    def count(self, *path: str | int) -> int:
        return self.layout.counts[path]


class Rows:
    """Messages with layouts of their own, read message by message."""

    def __init__(self, payloads: Sequence[Any], layouts: Sequence[Layout]) -> None:
        self.n, self.payloads, self.layouts = len(payloads), payloads, layouts

    def _leaves(self, path: Path) -> list[Leaf]:
        return [layout.leaf(path) for layout in self.layouts]

    def num(self, *path: str | int) -> np.ndarray[Any, Any]:
        leaves = self._leaves(path)
        counts = {1 if leaf.scalar else leaf.count for leaf in leaves}
        if len(counts) != 1:
            raise LayoutError(f"{path}: arrays of different lengths")
        count = counts.pop()
        values = [np.frombuffer(p, _dtype(leaf, layout.little), count, leaf.offset)
                  for p, leaf, layout in zip(self.payloads, leaves, self.layouts, strict=True)]
        return _native(np.stack(values).reshape(self.n, count), leaves[0])

    def text(self, *path: str | int) -> pa.Array:
        data = b"".join([memoryview(p)[leaf.offset:leaf.offset + leaf.count]
                         for p, leaf in zip(self.payloads, self._leaves(path), strict=True)])
        lengths = np.array([leaf.count for leaf in self._leaves(path)], dtype=np.int64)
        return _utf8(_binary(lengths, data).view(pa.string()))

    def blob(self, *path: str | int) -> pa.Array:
        leaves = self._leaves(path)
        data = b"".join([memoryview(p)[leaf.offset:leaf.offset + leaf.count]
                         for p, leaf in zip(self.payloads, leaves, strict=True)])
        return _binary(np.array([leaf.count for leaf in leaves], dtype=np.int64), data)

    def count(self, *path: str | int) -> int:
        counts = {layout.counts[path] for layout in self.layouts}
        if len(counts) != 1:
            raise LayoutError(f"{path}: sequences of different lengths")
        return counts.pop()
