"""Query operators: their wire form, and what mosaicod 0.3.0 refuses and how.

A condition on the wire is ``{"$op": value}`` (protocol.md §6.2). mosaicod 0.3.0 handles a
query in two stages, and so do we, so that each refusal comes with mosaicod's answer:

1. Decoding (mosaicod-marshal): an unknown operator, a value that is not a JSON scalar,
   a value of the wrong type for a typed field (text fields take strings, creation times
   integers), an ordering operator on a text field, ``$match`` on a time, or ``$between``
   bounds in the wrong order. mosaicod answers INTERNAL ``marshal error``; we raise
   :class:`InvalidRequestError` (the mock answers the same).
2. Compiling into SQL (mosaicod-db): operators its compilers reject for the kind of field
   (see :func:`check_supported`). mosaicod answers INTERNAL ``facade error``; we raise
   :class:`QueryNotSupportedError`, which the mock answers the same way.

``$between`` bounds are ordered as mosaicod's ``Value`` enum orders them: by kind first
(integer < float < string < bool), so ``[1.5, 2]`` is "reversed" there and refused.

Plain fields (names, tags, formats, creation times) are evaluated here
(:func:`value_matches`); user metadata in :mod:`.query_metadata`, ontology columns in
:mod:`.query_columns` and :mod:`.query_chunks`.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from mosaicolabs.domain.errors import ConflictError, InvalidRequestError, ServerError
from mosaicolabs.domain.vocabulary import Action
from mosaicolabs.domain.vocabulary import operators as ops
from mosaicolabs.domain.vocabulary.operators import OPERATORS, FieldKind, value_kind

__all__ = [
    "COMPARISONS",
    "MISSING",
    "Condition",
    "QueryNotSupportedError",
    "check_supported",
    "invalid",
    "like_contains",
    "parse_condition",
    "unsupported",
    "value_class",
    "value_matches",
]

_I64_MIN, _I64_MAX = -(2**63), 2**63 - 1
#: Stands for "no value at that metadata path".
MISSING: Any = object()

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    ops.EQ: operator.eq,
    ops.NEQ: operator.ne,
    ops.LT: operator.lt,
    ops.LEQ: operator.le,
    ops.GT: operator.gt,
    ops.GEQ: operator.ge,
}
# mosaicod's Value enum order: a $between is "reversed" across kinds too.
_KIND_RANK = {int: 0, float: 1, str: 2, bool: 3}
# The catalog fields mosaicod types while decoding: the value each takes, as named in
# messages. Metadata (.query_metadata) and ontology columns (.query_chunks) are
# checked later, against what the stored values turn out to be.
_TYPED = {FieldKind.TEXT: (str, "a text field", "a string"),
          FieldKind.TIMESTAMP: (int, "a time", "a time in ns (an integer)")}


class QueryNotSupportedError(ServerError, ConflictError):
    """A query mosaicod 0.3.0 refuses while running it (INTERNAL ``facade error``).

    A :class:`ServerError`, as our client reports that answer from mosaicod; a
    :class:`ConflictError` too, which is what makes the mock send ``facade error``.
    """


@dataclass(frozen=True)
class Condition:
    """One decoded condition.

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


_QUERY = Action.query.name
# mosaicod 0.3.0 compiles only equality and ordering on ontology columns.
_ONTOLOGY_UNSUPPORTED = frozenset({ops.NEQ, ops.IN, ops.MATCH}) | ops.EXISTENCE


def invalid(key: str, problem: str) -> InvalidRequestError:
    """A query mosaicod refuses to decode (``marshal error``), naming the field."""
    return InvalidRequestError(f"query: '{key}': {problem}", action=_QUERY, resource=key)


def unsupported(key: str, problem: str) -> QueryNotSupportedError:
    """A query mosaicod refuses to run (``facade error``), naming the field."""
    return QueryNotSupportedError(f"query: '{key}': {problem}", action=_QUERY,
                                  resource=key)


def value_class(value: Any) -> FieldKind | None:
    """NUMBER, TEXT or BOOL; ``None`` for anything else (null, objects...)."""
    return value_kind(value)


def parse_condition(key: str, spec: Any, kind: FieldKind) -> Condition:
    """Decode ``{"$op": value}`` (or the bare ``"$ex"``/``"$nex"``) for a field of ``kind``.

    Raises:
        InvalidRequestError: where mosaicod answers ``marshal error``.
    """
    if isinstance(spec, str) and spec in ops.EXISTENCE:
        return Condition(key, spec, None)  # how serde writes a unit variant
    if not isinstance(spec, Mapping) or len(spec) != 1:
        raise invalid(key, 'expected an object with exactly one operator, like {"$eq": 1}')
    [(op, value)] = spec.items()
    if op not in ops.ALL_OPERATORS:
        raise invalid(key, f"unknown operator {op!r}")
    if op in ops.EXISTENCE:
        if value is not None:
            raise invalid(key, f'{op} takes no value: write "{op}" or {{"{op}": null}}')
        return Condition(key, op, None)
    condition = Condition(key, op, _operand(key, op, value))
    _check_typed_field(condition, kind)
    return condition


def _operand(key: str, op: str, value: Any) -> Any:
    """The value of ``op`` in its decoded shape (see :class:`Condition`)."""
    if op == ops.IN:
        if not isinstance(value, list):
            raise invalid(key, f"$in needs a list, not {_json_type(value)}")
        return tuple(_scalar(key, op, item) for item in value)
    if op != ops.BETWEEN:
        return _scalar(key, op, value)
    if not isinstance(value, list) or len(value) != 2:
        raise invalid(key, "$between needs a list [lo, hi] of two values")
    lo, hi = (_scalar(key, op, item) for item in value)
    if _rank(lo) > _rank(hi) or (_rank(lo) == _rank(hi) and lo > hi):
        raise invalid(key, f"$between bounds are reversed for mosaicod 0.3.0: {lo!r}, {hi!r}"
                      " (it orders integers before floats, floats before strings)")
    return (lo, hi)


def _rank(value: Any) -> int:
    return _KIND_RANK.get(type(value), _KIND_RANK[bool])


def _scalar(key: str, op: str, value: Any) -> Any:
    """Check one operand: a JSON number, string or bool, integers within int64."""
    if value_class(value) is None:
        raise invalid(key, f"{op} needs a number, string or bool, not {_json_type(value)}")
    if isinstance(value, int) and not isinstance(value, bool) and not (
        _I64_MIN <= value <= _I64_MAX
    ):
        # pyarrow could not hold a larger one (mosaicod would read it as a float).
        raise invalid(key, f"{op} value {value} is outside the int64 range")
    return value


def _check_typed_field(condition: Condition, kind: FieldKind) -> None:
    """Text and time fields take only their operators and one type of value."""
    typed = _TYPED.get(kind)
    if typed is None:
        return
    key, op = condition.key, condition.op
    expected, field, value_name = typed
    if op not in OPERATORS[kind]:
        allowed = ", ".join(sorted(OPERATORS[kind]))
        raise invalid(key, f"{op} does not apply to {field} ({allowed})")
    for value in condition.scalars():
        if not isinstance(value, expected) or isinstance(value, bool):
            raise invalid(key, f"{op} needs {value_name}, not {_json_type(value)}")


def check_supported(condition: Condition, kind: FieldKind) -> None:
    """Raise where mosaicod 0.3.0 cannot compile a decoded condition (``facade error``).

    Beyond the protocol's operators per kind (user metadata), mosaicod 0.3.0 has its own
    limits: no ``$in`` on times, and only equality and ordering on ontology columns.
    """
    op, values = condition.op, condition.scalars()
    numbers = all(value_class(v) is FieldKind.NUMBER for v in values)
    if kind is FieldKind.TEXT and op == ops.IN and not values:
        problem = "$in with no value"
    elif kind is FieldKind.TIMESTAMP and op == ops.IN:
        problem = "$in on a creation time"
    elif kind is FieldKind.METADATA and op in ops.VALUE_OPERATORS - OPERATORS[kind]:
        problem = f"{op} on user metadata"
    elif kind is FieldKind.METADATA and op in ops.ORDERED and not numbers:
        problem = f"{op} on user metadata with a value that is not a number"
    elif kind is FieldKind.ONTOLOGY and op in _ONTOLOGY_UNSUPPORTED:
        problem = f"{op} on ontology fields"
    elif kind is FieldKind.ONTOLOGY and len({value_class(v) for v in values}) > 1:
        problem = "$between with bounds of different types"
    else:
        return
    raise unsupported(condition.key, f"mosaicod 0.3.0 does not support {problem}")


def _json_type(value: Any) -> str:
    """The JSON name of ``value``'s type, for error messages."""
    names = {bool: "a bool", int: "an integer", float: "a float", str: "a string",
             list: "a list", dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def like_contains(text: str, pattern: str) -> bool:
    """Whether ``text`` is ``LIKE '%pattern%'`` (``%``, ``_`` wildcards, ``\\`` escapes)."""
    return _like_regex("%" + pattern + "%").fullmatch(text) is not None


def _like_regex(pattern: str) -> re.Pattern[str]:
    parts, escaped = [], False
    for char in pattern:
        if escaped:
            parts.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            parts.append({"%": ".*", "_": "."}.get(char) or re.escape(char))
    return re.compile("".join(parts), re.S)


def value_matches(condition: Condition, stored: Any) -> bool:
    """Whether a name, tag, format or time (never null) satisfies ``condition``."""
    op, value = condition.op, condition.value
    if op in ops.EXISTENCE:
        return op == ops.EX  # these columns are NOT NULL
    if op == ops.IN:
        return stored in value
    if op == ops.BETWEEN:
        return bool(value[0] <= stored <= value[1])
    if op == ops.MATCH:
        return like_contains(stored, value)
    return COMPARISONS[op](stored, value)
