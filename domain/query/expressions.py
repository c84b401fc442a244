"""Query expressions: ``<field>.<op>(value)`` checked against the field's kind.

Kinds decide which operators make sense (``OPERATORS`` of the protocol vocabulary):
numbers take every comparison, ``between`` and ``in_``; text takes
``eq``/``neq``/``in_``/``match``; booleans take ``eq``/``neq``; metadata values take
comparisons on numbers and text.
A wrong operator or value raises :class:`InvalidRequestError` (a ``ValueError``)
naming the field, before anything is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..errors import InvalidRequestError
from ..timeutil import datetime_to_ns
from ..vocabulary.operators import (
    BETWEEN,
    EQ,
    GEQ,
    GT,
    IN,
    LEQ,
    LT,
    MATCH,
    NEQ,
    OPERATORS,
    FieldKind,
)

__all__ = ["Expression", "FieldKind", "FieldProxy", "UnknownFieldError"]


class UnknownFieldError(InvalidRequestError, AttributeError):
    """A query named a field the model (or block) does not have."""


@dataclass(frozen=True)
class Expression:
    """One condition: ``{key: {op: value}}`` in a query block."""

    key: str
    op: str
    value: Any
    scope: str = "ontology"  # which query block it belongs to: sequence, topic, ontology

    def as_entry(self) -> dict[str, Any]:
        """The ``{op: value}`` part of the block entry."""
        return {self.op: self.value}


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _scalar(kind: FieldKind, key: str, value: object) -> Any:
    """Check (and normalize) one value for a field kind."""
    if kind is FieldKind.TIMESTAMP and isinstance(value, datetime):
        return datetime_to_ns(value)
    ok = {
        FieldKind.NUMBER: _is_number(value),
        FieldKind.TIMESTAMP: isinstance(value, int) and not isinstance(value, bool),
        FieldKind.TEXT: isinstance(value, str),
        FieldKind.BOOL: isinstance(value, bool),
        FieldKind.METADATA: isinstance(value, (str, bool)) or _is_number(value),
    }.get(kind, False)
    if not ok:
        raise InvalidRequestError(
            f"{key}: {type(value).__name__} value {value!r} does not fit a {kind.value} field",
            resource=key,
        )
    return value


class FieldProxy:
    """A queryable field; its methods build :class:`Expression` objects."""

    def __init__(self, key: str, kind: FieldKind, scope: str = "ontology", *,
                 floating: bool = False) -> None:
        self.key = key
        self.kind = kind
        self.scope = scope
        # A floating-point column gets float values: mosaicod 0.3.0 caches the first numeric
        # type it sees per query shape and database connection, so `gt(5)` after `gt(5.0)`
        # on the same field could be compared as the wrong type there.
        self.floating = floating

    def _value(self, value: Any) -> Any:
        checked = _scalar(self.kind, self.key, value)
        if self.floating and type(checked) is int:
            return float(checked)
        return checked

    def _check(self, op: str) -> None:
        if op not in OPERATORS[self.kind]:
            allowed = ", ".join(sorted(o.lstrip("$") for o in OPERATORS[self.kind])) or "none"
            raise InvalidRequestError(
                f"{self.key}: operator {op.lstrip('$')!r} does not apply to a "
                f"{self.kind.value} field (allowed: {allowed})", resource=self.key)

    def _build(self, op: str, value: Any) -> Expression:
        return Expression(self.key, op, value, self.scope)

    def _ordered(self, op: str, value: Any) -> Expression:
        self._check(op)
        if self.kind is FieldKind.METADATA and isinstance(value, bool):
            raise InvalidRequestError(f"{self.key}: booleans cannot be ordered", resource=self.key)
        return self._build(op, self._value(value))

    def eq(self, value: Any) -> Expression:
        """Equal to ``value``."""
        self._check(EQ)
        return self._build(EQ, self._value(value))

    def neq(self, value: Any) -> Expression:
        """Different from ``value``."""
        self._check(NEQ)
        return self._build(NEQ, self._value(value))

    def lt(self, value: Any) -> Expression:
        """Strictly less than ``value``."""
        return self._ordered(LT, value)

    def leq(self, value: Any) -> Expression:
        """Less than or equal to ``value``."""
        return self._ordered(LEQ, value)

    def gt(self, value: Any) -> Expression:
        """Strictly greater than ``value``."""
        return self._ordered(GT, value)

    def geq(self, value: Any) -> Expression:
        """Greater than or equal to ``value``."""
        return self._ordered(GEQ, value)

    def between(self, low: Any, high: Any | None = None) -> Expression:
        """Within ``[low, high]`` (inclusive); also accepts one ``(low, high)`` pair."""
        self._check(BETWEEN)
        if high is None and isinstance(low, (list, tuple)) and len(low) == 2:
            low, high = low
        if self.kind is FieldKind.METADATA and not (_is_number(low) and _is_number(high)):
            raise InvalidRequestError(f"{self.key}: between needs numbers", resource=self.key)
        lo, hi = self._value(low), self._value(high)
        if lo > hi:
            raise InvalidRequestError(
                f"{self.key}: between bounds are reversed ({lo!r} > {hi!r})", resource=self.key)
        return self._build(BETWEEN, [lo, hi])

    def in_(self, *values: Any) -> Expression:
        """Equal to one of ``values`` (given as arguments or one list)."""
        self._check(IN)
        if len(values) == 1 and isinstance(values[0], (list, tuple, set, frozenset)):
            values = tuple(values[0])
        if not values:
            raise InvalidRequestError(f"{self.key}: in_ needs at least one value",
                                      resource=self.key)
        return self._build(IN, [self._value(v) for v in values])

    def match(self, text: str) -> Expression:
        """Contains ``text`` (plain, case-sensitive substring)."""
        self._check(MATCH)
        # Checked at run time: untyped callers may pass anything.
        if self.kind is FieldKind.TEXT and not isinstance(text, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidRequestError(f"{self.key}: match needs a str", resource=self.key)
        return self._build(MATCH, text)

    def __repr__(self) -> str:
        return f"<field {self.key} ({self.kind.value})>"
