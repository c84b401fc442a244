"""The ``query`` action's blocks, checked and turned into conditions (protocol.md §6.1-6.2).

Everything that can be checked without looking at stored data is checked
here, before evaluation starts: block names, field names, operators and the
JSON types of their values. Ontology conditions can only be checked against a
column's type once a topic is at hand; :mod:`.query_columns` does that.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from .query_columns import ColumnTest
from .query_ops import Condition, ValueKind, invalid, lookup_path, parse_condition, value_matches

__all__ = ["BLOCKS", "FieldTest", "ParsedQuery", "parse_query"]

BLOCKS = ("sequence", "topic", "ontology")
INCLUDE_RANGE = "include_timestamp_range"
# Fields of each block besides user_metadata; the views in .query_eval use the same names.
_FIELDS = {
    "sequence": {"locator": ValueKind.TEXT, "created_at_ns": ValueKind.INTEGER},
    "topic": {
        "locator": ValueKind.TEXT,
        "ontology_tag": ValueKind.TEXT,
        "serialization_format": ValueKind.TEXT,
        "created_at_ns": ValueKind.INTEGER,
    },
}


@dataclass(frozen=True)
class FieldTest:
    """A condition on a sequence or topic field, or on a dotted ``user_metadata`` path."""

    field: str
    path: str | None
    condition: Condition

    def matches(self, view: Any) -> bool:
        """Whether ``view`` (an object with the field as attribute) satisfies the test."""
        stored = getattr(view, self.field)
        if self.path is not None:
            stored = lookup_path(stored, self.path)
        return value_matches(self.condition, stored)


@dataclass(frozen=True)
class ParsedQuery:
    """A checked query: tests per block, ontology tests grouped by tag."""

    sequence: tuple[FieldTest, ...] = ()
    topic: tuple[FieldTest, ...] = ()
    ontology: Mapping[str, list[ColumnTest]] = field(default_factory=dict)
    include_timestamp_range: bool = False


def parse_query(blocks: Any) -> ParsedQuery:
    """Check the wire object ``{"sequence"?, "topic"?, "ontology"?}``.

    Raises:
        InvalidRequestError: naming the block, field or key that is malformed.
    """
    if not isinstance(blocks, Mapping):
        raise invalid("query", f"the query must be a JSON object, not {type(blocks).__name__}")
    for name in blocks:
        if name not in BLOCKS:
            raise invalid(str(name), "unknown block; expected sequence, topic or ontology")
    groups, include = _ontology(_block(blocks, "ontology"))
    return ParsedQuery(
        sequence=_field_tests("sequence", _block(blocks, "sequence")),
        topic=_field_tests("topic", _block(blocks, "topic")),
        ontology=groups,
        include_timestamp_range=include,
    )


def _block(blocks: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """One block; null counts as absent, as an optional field does for the server."""
    value = blocks.get(name)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise invalid(name, f"a block must be a JSON object, not {type(value).__name__}")
    for key in value:
        if not isinstance(key, str):
            raise invalid(name, f"keys must be strings, got {key!r}")
    return value


def _field_tests(block_name: str, block: Mapping[str, Any]) -> tuple[FieldTest, ...]:
    """The tests of a sequence or topic block."""
    tests: list[FieldTest] = []
    fields = _FIELDS[block_name]
    for name, spec in block.items():
        key = f"{block_name}.{name}"
        if name == "user_metadata":
            tests.extend(_metadata_tests(key, spec))
            continue
        if name not in fields:
            known = ", ".join([*fields, "user_metadata"])
            raise invalid(key, f"unknown field; {block_name} fields are {known}")
        condition = parse_condition(key, spec, fields[name])
        if block_name == "topic" and name == "locator":
            condition = _with_slash(condition)
        tests.append(FieldTest(name, None, condition))
    return tuple(tests)


def _metadata_tests(key: str, spec: Any) -> list[FieldTest]:
    """Tests for ``{"dotted.path": {"$op": value}}``, existence operators allowed."""
    if not isinstance(spec, Mapping):
        raise invalid(key, 'expected an object like {"a.b": {"$eq": 1}}')
    tests = []
    for path, condition in spec.items():
        if not isinstance(path, str) or not path:
            raise invalid(key, f"a metadata path must be a non-empty string, not {path!r}")
        parsed = parse_condition(f"{key}.{path}", condition, ValueKind.ANY, existence=True)
        tests.append(FieldTest("user_metadata", path, parsed))
    return tests


def _with_slash(condition: Condition) -> Condition:
    """Topic names compare as ``/<name relative to its sequence>``; make the query agree.

    ``$match`` is a substring test and is left alone (protocol.md §6.2 table).
    """
    if condition.op == "$match":
        return condition
    if condition.op == "$in":
        return replace(condition, value=tuple("/" + v.lstrip("/") for v in condition.value))
    return replace(condition, value="/" + condition.value.lstrip("/"))


def _ontology(block: Mapping[str, Any]) -> tuple[dict[str, list[ColumnTest]], bool]:
    """Ontology tests grouped by tag, and the ``include_timestamp_range`` flag."""
    groups: dict[str, list[ColumnTest]] = {}
    include = False
    for key, spec in block.items():
        if key == INCLUDE_RANGE:
            if not isinstance(spec, bool):
                raise invalid(f"ontology.{INCLUDE_RANGE}", "must be true or false")
            include = spec
            continue
        tag, _, path = key.partition(".")
        parts = tuple(path.split("."))
        if not tag or "" in parts:
            raise invalid(key, "ontology keys look like '<tag>.<field.path>'")
        test = ColumnTest(parts, parse_condition(key, spec, ValueKind.ANY))
        groups.setdefault(tag, []).append(test)
    return groups, include
