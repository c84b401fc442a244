"""Query operators and the kinds of field they apply to (protocol.md §6.2).

One table, :data:`OPERATORS`, says which operators the protocol defines for each
:class:`FieldKind`. The client's ``.Q`` builders refuse anything outside it before
sending; the in-memory engine refuses the same conditions as mosaicod 0.3.0 does
(at decoding for the typed catalog fields, at compiling for user metadata), and
adds mosaicod's own narrower limits on top (``adapters/memory/query_ops``).
"""

from __future__ import annotations

from enum import Enum
from types import MappingProxyType
from typing import Final, Mapping

import pyarrow as pa

__all__ = [
    "ALL_OPERATORS",
    "BETWEEN",
    "COMPARISONS",
    "EQ",
    "EX",
    "EXISTENCE",
    "GEQ",
    "GT",
    "IN",
    "LEQ",
    "LT",
    "MATCH",
    "NEQ",
    "NEX",
    "OPERATORS",
    "ORDERED",
    "VALUE_OPERATORS",
    "FieldKind",
    "arrow_kind",
    "value_kind",
]

EQ: Final = "$eq"
NEQ: Final = "$neq"
LT: Final = "$lt"
LEQ: Final = "$leq"
GT: Final = "$gt"
GEQ: Final = "$geq"
#: ``[lo, hi]``, inclusive.
BETWEEN: Final = "$between"
#: A list of values.
IN: Final = "$in"
#: Substring (SQL ``LIKE '%v%'``), case-sensitive.
MATCH: Final = "$match"
#: Existence: the server parses them (bare ``"$ex"``), no SDK sends them.
EX: Final = "$ex"
NEX: Final = "$nex"

COMPARISONS: frozenset[str] = frozenset({EQ, NEQ, LT, LEQ, GT, GEQ})
#: Operators that need an order on the values.
ORDERED: frozenset[str] = frozenset({LT, LEQ, GT, GEQ, BETWEEN})
EXISTENCE: frozenset[str] = frozenset({EX, NEX})
#: Operators that take a value.
VALUE_OPERATORS: frozenset[str] = COMPARISONS | {BETWEEN, IN, MATCH}
ALL_OPERATORS: frozenset[str] = VALUE_OPERATORS | EXISTENCE


class FieldKind(Enum):
    """What values a queryable field holds, which decides the operators it takes."""

    NUMBER = "number"  # integer and floating-point columns
    TIMESTAMP = "timestamp"  # created_at_ns of sequences and topics (integers)
    TEXT = "text"  # locators, tags, formats, string columns
    BOOL = "bool"  # boolean columns
    METADATA = "metadata"  # a dotted path into user metadata: numbers, text or bools
    # A column of an ontology's data whose type the server learns only from a topic's
    # schema, after parsing; the client always knows it (arrow_kind).
    ONTOLOGY = "ontology column"
    OPAQUE = "list/binary"  # not queryable


_NUMBERS = COMPARISONS | {BETWEEN, IN}
_TEXTS = frozenset({EQ, NEQ, IN, MATCH})
_BOOLS = frozenset({EQ, NEQ})

#: The value operators each kind of field takes (the existence ones apply to any field).
OPERATORS: Mapping[FieldKind, frozenset[str]] = MappingProxyType({
    FieldKind.NUMBER: _NUMBERS,
    FieldKind.TIMESTAMP: _NUMBERS,
    FieldKind.TEXT: _TEXTS,
    FieldKind.BOOL: _BOOLS,
    # No $in or $match on user metadata in the session era.
    FieldKind.METADATA: COMPARISONS | {BETWEEN},
    FieldKind.ONTOLOGY: _NUMBERS | _TEXTS | _BOOLS,
    FieldKind.OPAQUE: frozenset(),
})


def arrow_kind(data_type: pa.DataType) -> FieldKind:
    """The kind of a column of ``data_type``: NUMBER, TEXT, BOOL, or OPAQUE."""
    if pa.types.is_boolean(data_type):
        return FieldKind.BOOL
    if pa.types.is_integer(data_type) or pa.types.is_floating(data_type):
        return FieldKind.NUMBER
    if pa.types.is_string(data_type) or pa.types.is_large_string(data_type):
        return FieldKind.TEXT
    return FieldKind.OPAQUE


def value_kind(value: object) -> FieldKind | None:
    """The kind of a JSON scalar: NUMBER, TEXT or BOOL; ``None`` for anything else."""
    if isinstance(value, bool):  # first: bool is a subclass of int
        return FieldKind.BOOL
    if isinstance(value, (int, float)):
        return FieldKind.NUMBER
    if isinstance(value, str):
        return FieldKind.TEXT
    return None
