"""Query operators: checking their wire form and testing them on plain values.

A condition on the wire is ``{"$op": value}`` (protocol.md §6.2). This module
checks the operator and the JSON type of its value once, up front, so that a
malformed query fails with an :class:`InvalidRequestError` naming the field
even when no stored data would have been compared. It also evaluates
conditions on plain Python values (sequence and topic fields, user metadata);
the vectorised evaluation over stored tables lives in :mod:`.query_columns`.

Comparison rules (protocol.md §12.2): numbers compare numerically across int
and float, strings as text, bools only with bools (a bool is *not* a number
here, although Python says so); anything else, a missing metadata path included,
simply does not match.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, Mapping

from mosaicolabs.domain.errors import InvalidRequestError

__all__ = [
    "MISSING",
    "Condition",
    "ValueKind",
    "invalid",
    "lookup_path",
    "parse_condition",
    "value_class",
    "value_matches",
]

_I64_MIN, _I64_MAX = -(2**63), 2**63 - 1
#: Stands for "no value at that metadata path"; only ``$nex`` matches it.
MISSING: Any = object()

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "$eq": operator.eq,
    "$neq": operator.ne,
    "$lt": operator.lt,
    "$leq": operator.le,
    "$gt": operator.gt,
    "$geq": operator.ge,
}
_ORDERED = frozenset({"$lt", "$leq", "$gt", "$geq", "$between"})
_EXISTENCE = frozenset({"$ex", "$nex"})
_ALL_OPS = frozenset(COMPARISONS) | {"$between", "$in", "$match"}


class ValueKind(Enum):
    """What a field holds, which decides the operators and value types it accepts."""

    INTEGER = "an integer"  # created_at_ns: i64 like the server's column
    TEXT = "a string"  # locators, tags, formats
    ANY = "a number, string or bool"  # user metadata and ontology columns


# Text fields take only the operators the server lists for them (§6.2 table).
_ALLOWED_OPS = {
    ValueKind.INTEGER: _ALL_OPS - {"$match"},
    ValueKind.TEXT: frozenset({"$eq", "$neq", "$in", "$match"}),
    ValueKind.ANY: _ALL_OPS,
}


@dataclass(frozen=True)
class Condition:
    """One checked condition.

    Attributes:
        key: The field as named in error messages (``"sequence.created_at_ns"``).
        op: The operator, ``"$eq"`` ... ``"$match"``, ``"$ex"`` or ``"$nex"``.
        value: A scalar, a ``(lo, hi)`` pair for ``$between``, a tuple for ``$in``,
            ``None`` for the existence operators.
    """

    key: str
    op: str
    value: Any

    def scalars(self) -> tuple[Any, ...]:
        """Every value the condition compares with, whatever its shape."""
        if isinstance(self.value, tuple):
            return self.value
        return () if self.value is None else (self.value,)


def invalid(key: str, problem: str) -> InvalidRequestError:
    """The error for a malformed query, naming the offending field."""
    return InvalidRequestError(f"query: '{key}': {problem}", action="query", resource=key)


def value_class(value: Any) -> str | None:
    """``"number"``, ``"text"`` or ``"bool"``; ``None`` for anything else (null, objects...)."""
    if isinstance(value, bool):  # first: bool is a subclass of int
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    return None


def parse_condition(key: str, spec: Any, kind: ValueKind, *, existence: bool = False) -> Condition:
    """Check ``{"$op": value}`` for a field of ``kind``.

    Args:
        key: The field, for error messages.
        spec: The wire form; with ``existence`` also the bare strings ``"$ex"``/``"$nex"``
            (how serde writes unit variants) or ``{"$ex": <ignored>}``.
        kind: What the field holds.
        existence: Whether ``$ex``/``$nex`` are allowed (user metadata only).
    """
    if existence and isinstance(spec, str) and spec in _EXISTENCE:
        return Condition(key, spec, None)
    if not isinstance(spec, Mapping) or len(spec) != 1:
        raise invalid(key, 'expected an object with exactly one operator, like {"$eq": 1}')
    [(op, value)] = spec.items()
    if existence and op in _EXISTENCE:
        return Condition(key, op, None)
    if op not in _ALL_OPS:
        raise invalid(key, f"unknown operator {op!r}")
    if op not in _ALLOWED_OPS[kind]:
        raise invalid(key, f"operator {op} does not apply to a field holding {kind.value}")
    return Condition(key, op, _check_value(key, op, value, kind))


def _check_value(key: str, op: str, value: Any, kind: ValueKind) -> Any:
    """The value of ``op`` in its checked shape (see :class:`Condition`)."""
    if op == "$in":
        if not isinstance(value, list):
            raise invalid(key, f"$in needs a list, not {type(value).__name__}")
        return tuple(_scalar(key, op, item, kind) for item in value)
    if op == "$between":
        if not isinstance(value, list) or len(value) != 2:
            raise invalid(key, "$between needs a list [lo, hi] of two values")
        lo, hi = (_scalar(key, op, item, kind) for item in value)
        if value_class(lo) != value_class(hi):
            raise invalid(key, "$between bounds must be both numbers or both strings")
        if lo > hi:
            raise invalid(key, f"$between bounds are reversed: {lo!r} > {hi!r}")
        return (lo, hi)
    if op == "$match" and not isinstance(value, str):
        raise invalid(key, f"$match needs a string, not {type(value).__name__}")
    return _scalar(key, op, value, kind)


def _scalar(key: str, op: str, value: Any, kind: ValueKind) -> Any:
    """Check one scalar operand against ``kind`` and the operator."""
    found = value_class(value)
    expected = {ValueKind.INTEGER: "number", ValueKind.TEXT: "text"}.get(kind, found)
    if found is None or found != expected:
        raise invalid(key, f"{op} needs {kind.value}, not {_json_type(value)}")
    if kind is ValueKind.INTEGER and not isinstance(value, int):
        raise invalid(key, f"{op} needs an integer, not {_json_type(value)}")
    if isinstance(value, int) and not isinstance(value, bool) and not (
        _I64_MIN <= value <= _I64_MAX
    ):
        # The server parses integers as i64; pyarrow could not hold a larger one either.
        raise invalid(key, f"{op} value {value} is outside the int64 range")
    if found == "bool" and op in _ORDERED:
        raise invalid(key, f"{op} does not apply to a bool (only $eq, $neq, $in)")
    return value


def _json_type(value: Any) -> str:
    """The JSON name of ``value``'s type, for error messages."""
    names = {bool: "a bool", int: "an integer", float: "a float", str: "a string",
             list: "a list", dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def lookup_path(document: Mapping[str, Any], path: str) -> Any:
    """The value at dotted ``path`` in a JSON object, or :data:`MISSING`."""
    node: Any = document
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return MISSING
        node = node[part]
    return node


def value_matches(condition: Condition, stored: Any) -> bool:
    """Whether a stored plain value (or :data:`MISSING`) satisfies ``condition``."""
    op, value = condition.op, condition.value
    if op in _EXISTENCE:
        return (stored is not MISSING) == (op == "$ex")
    if op == "$in":
        return any(_comparable(item, stored) and item == stored for item in value)
    if op == "$between":
        lo, hi = value
        return _comparable(lo, stored) and lo <= stored <= hi
    if op == "$match":
        return isinstance(stored, str) and value in stored
    return _comparable(value, stored) and COMPARISONS[op](stored, value)


def _comparable(query_value: Any, stored: Any) -> bool:
    """Same class on both sides; a mismatch (or a missing value) is "no match"."""
    if stored is MISSING:
        return False
    return value_class(query_value) == value_class(stored) is not None
