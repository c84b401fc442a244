"""User metadata conditions as mosaicod 0.3.0 evaluates them: in PostgreSQL, over JSONB.

mosaicod compiles ``{"a.b": {"$op": v}}`` into SQL on ``user_metadata #>> '{a,b}'``: the
value at that path *as text*, NULL when the path is missing or holds JSON null (a path
part that is an integer indexes an array). Then, by the type of ``v``:

* a string compares with that text: a stored ``40`` equals ``"40"``, ``true`` equals
  ``"true"``, an object equals its JSONB text (keys shortest first);
* a number casts the text to ``numeric``: a stored ``"42"`` equals ``42``; an integer
  compares exactly, a float as a double;
* a bool casts the text to ``boolean`` (``'t'``, ``'yes'``, ``'on'``, ``'1'``... are true);
* ``$ex``/``$nex`` ask whether the text is NULL.

A cast PostgreSQL cannot make (``'rain'::numeric``, ``'40'::boolean``, an object...) fails
the whole query: INTERNAL ``facade error``. PostgreSQL may attempt the cast on any row of
the table, whatever the other conditions say, so :func:`cast_problem` is checked against
every record of the block: we refuse whenever mosaicod may, and it never refuses more.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any, Mapping

from mosaicolabs.domain.vocabulary import FieldKind

from .query_ops import COMPARISONS, Condition, value_class

__all__ = ["cast_problem", "metadata_matches", "path_text"]

# PostgreSQL's numeric input (no NaN/Infinity: refusing those is the safe side).
_SPACE = "[ \t\n\r\v\f]*"
_NUMERIC = re.compile(_SPACE + r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?" + _SPACE)
_INDEX = re.compile(r"-?[0-9]+")
# ryu, which writes mosaicod's JSON, prints a double as a plain decimal up to this exponent.
_RYU_PLAIN_DIGITS = 16


def path_text(document: Mapping[str, Any], path: str) -> str | None:
    """PostgreSQL's ``document #>> '{path parts}'``: the value as text, or None."""
    node: Any = document
    for part in path.split("."):
        if isinstance(node, Mapping):
            if part not in node:
                return None
            node = node[part]
        elif isinstance(node, list) and _INDEX.fullmatch(part):
            index = int(part)
            if not -len(node) <= index < len(node):
                return None
            node = node[index]
        else:
            return None
    if node is None or isinstance(node, str):
        return node
    return _jsonb_text(node)


def _jsonb_text(value: Any) -> str:
    """How PostgreSQL prints a JSONB value (``{"a": 1, "bb": [true, null]}``)."""
    if isinstance(value, Mapping):
        keys = sorted(value, key=lambda k: (len(k.encode()), k.encode()))  # JSONB's order
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {_jsonb_text(value[k])}"
                               for k in keys) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_jsonb_text(item) for item in value) + "]"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _float_text(value: float) -> str:
    """A stored double as PostgreSQL prints it, after ryu wrote it into mosaicod's JSON.

    ryu writes the shortest digits, plainly (``100.0``, ``0.001``) or in exponent form
    (``1e20``, ``1e-7``); PostgreSQL's numeric keeps the scale that text implies.
    """
    if value == 0:
        return "0.0"
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(map(str, digits))
    point = len(text) + int(exponent)  # digits before the decimal point
    if 0 <= int(exponent) and point <= _RYU_PLAIN_DIGITS:
        ryu = text + "0" * int(exponent) + ".0"
    elif 0 < point <= _RYU_PLAIN_DIGITS:
        ryu = text[:point] + "." + text[point:]
    elif -5 < point <= 0:
        ryu = "0." + "0" * -point + text
    else:
        ryu = f"{text[0]}.{text[1:]}e{point - 1}" if len(text) > 1 else f"{text}e{point - 1}"
    return ("-" if sign else "") + format(Decimal(ryu), "f")


def _as_numeric(text: str) -> Decimal | None:
    """``text::numeric``, or None where PostgreSQL fails the cast."""
    return Decimal(text.strip()) if _NUMERIC.fullmatch(text) else None


def _as_boolean(text: str) -> bool | None:
    """``text::boolean`` (PostgreSQL's words and their prefixes), or None if it fails."""
    word = text.strip(" \t\n\r\v\f").lower()
    if not word:
        return None
    if len(word) == 1 and word in "10":
        return word == "1"
    for truth, spelled, shortest in ((True, "true", 1), (False, "false", 1), (True, "yes", 1),
                                     (False, "no", 1), (True, "on", 2), (False, "off", 2)):
        if shortest <= len(word) <= len(spelled) and spelled.startswith(word):
            return truth
    return None


def cast_problem(condition: Condition, text: str | None) -> str | None:
    """Why PostgreSQL would fail ``condition`` on a stored ``text``; None if it would not."""
    if text is None or condition.op in ("$ex", "$nex"):
        return None
    kinds = {value_class(v) for v in condition.scalars()}
    if FieldKind.NUMBER in kinds and _as_numeric(text) is None:
        return f"{text!r} cannot be read as a number"
    if FieldKind.BOOL in kinds and _as_boolean(text) is None:
        return f"{text!r} cannot be read as a bool"
    return None


def metadata_matches(condition: Condition, text: str | None) -> bool:
    """Whether the text at the path (None: missing or null) satisfies ``condition``.

    Call :func:`cast_problem` first: a value it objects to is not handled here.
    """
    if condition.op in ("$ex", "$nex"):
        return (text is not None) == (condition.op == "$ex")
    if text is None:
        return False
    if condition.op == "$between":
        lo, hi = condition.value
        return _compare("$geq", text, lo) and _compare("$leq", text, hi)
    return _compare(condition.op, text, condition.value)


def _compare(op: str, text: str, value: Any) -> bool:
    """One SQL comparison of the stored text, cast as ``value``'s type asks."""
    kind = value_class(value)
    stored: Any = text
    if kind is FieldKind.BOOL:
        stored = _as_boolean(text)
    elif kind is FieldKind.NUMBER:
        number = _as_numeric(text)
        # numeric against an int8 parameter is exact; against a float8 one, in float8.
        stored = number if isinstance(value, int) else float(number)  # type: ignore[arg-type]
    return COMPARISONS[op](stored, value)
