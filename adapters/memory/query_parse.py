"""The ``query`` action's blocks, decoded into conditions (protocol.md §6.1-6.2).

Everything mosaicod 0.3.0 checks before touching data is checked here, in its order:
first the whole query is decoded (:func:`parse_query`: block and field names,
operators, value types; a failure is its ``marshal error``), then every condition must
be one mosaicod can compile (:func:`check_query_supported`; its ``facade error``).
Ontology conditions can only be checked against a column's type once a topic is at
hand; :mod:`.query_columns` does that.

Deliberate differences (tests/fidelity/fidelity.json): an unknown block or field, and an
ontology block without a condition, are refused; mosaicod ignores the former and
answers nothing at all for the latter, whatever the other blocks say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from mosaicolabs.domain.vocabulary import FieldKind

from .query_columns import ColumnTest
from .query_metadata import metadata_matches, path_text
from .query_ops import Condition, check_supported, invalid, parse_condition
from .query_ops import value_matches as plain_matches

__all__ = ["BLOCKS", "FieldTest", "ParsedQuery", "check_query_supported", "parse_query"]

BLOCKS = ("sequence", "topic", "ontology")
INCLUDE_RANGE = "include_timestamp_range"
# Fields of each block besides user_metadata; the views in .query_eval use the same names.
_FIELDS = {
    "sequence": {"locator": FieldKind.TEXT, "created_at_ns": FieldKind.TIMESTAMP},
    "topic": {
        "locator": FieldKind.TEXT,
        "ontology_tag": FieldKind.TEXT,
        "serialization_format": FieldKind.TEXT,
        "created_at_ns": FieldKind.TIMESTAMP,
    },
}


@dataclass(frozen=True)
class FieldTest:
    """A condition on a sequence or topic field, or on a dotted ``user_metadata`` path."""

    field: str
    path: str | None
    condition: Condition
    kind: FieldKind

    def stored_text(self, view: Any) -> str | None:
        """The metadata value at ``path`` as PostgreSQL's ``#>>`` gives it."""
        assert self.path is not None
        return path_text(getattr(view, self.field), self.path)

    def matches(self, view: Any) -> bool:
        """Whether ``view`` (an object with the field as attribute) satisfies the test."""
        if self.path is not None:
            return metadata_matches(self.condition, self.stored_text(view))
        return plain_matches(self.condition, getattr(view, self.field))


@dataclass(frozen=True)
class ParsedQuery:
    """A decoded query: tests per block, ontology tests grouped by tag.

    ``ontology`` is None when the query has no ontology block.
    """

    sequence: tuple[FieldTest, ...] = ()
    topic: tuple[FieldTest, ...] = ()
    ontology: Mapping[str, list[ColumnTest]] | None = None
    include_timestamp_range: bool = False

    @property
    def filters_topics(self) -> bool:
        """Whether the sequence or topic block holds a condition (mosaicod needs one)."""
        return bool(self.sequence or self.topic)


def parse_query(blocks: Any) -> ParsedQuery:
    """Decode the wire object ``{"sequence"?, "topic"?, "ontology"?}``.

    Raises:
        InvalidRequestError: naming the block, field or key that is malformed.
    """
    if not isinstance(blocks, Mapping):
        raise invalid("query", f"the query must be a JSON object, not {type(blocks).__name__}")
    for name in blocks:
        if name not in BLOCKS:
            raise invalid(str(name), "unknown block; expected sequence, topic or ontology")
    sequence = _field_tests("sequence", _block(blocks, "sequence"))
    topic = _field_tests("topic", _block(blocks, "topic"))
    if blocks.get("ontology") is None:
        return ParsedQuery(sequence, topic)
    groups, include = _ontology(_block(blocks, "ontology"))
    return ParsedQuery(sequence, topic, groups, include)


def check_query_supported(query: ParsedQuery) -> None:
    """Raise :class:`QueryNotSupportedError` for a condition mosaicod cannot compile."""
    for test in (*query.sequence, *query.topic):
        check_supported(test.condition, test.kind)
    for tests in (query.ontology or {}).values():
        for column_test in tests:
            check_supported(column_test.condition, FieldKind.ONTOLOGY)


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
        # A topic's locator compares as "/<name>" exactly: "imu" matches nothing.
        condition = parse_condition(key, spec, fields[name])
        tests.append(FieldTest(name, None, condition, fields[name]))
    return tuple(tests)


def _metadata_tests(key: str, spec: Any) -> list[FieldTest]:
    """Tests for ``{"dotted.path": {"$op": value}}``."""
    if spec is None:
        return []
    if not isinstance(spec, Mapping):
        raise invalid(key, 'expected an object like {"a.b": {"$eq": 1}}')
    tests = []
    for path, condition in spec.items():
        if not isinstance(path, str) or not path:
            raise invalid(key, f"a metadata path must be a non-empty string, not {path!r}")
        parsed = parse_condition(f"{key}.{path}", condition, FieldKind.METADATA)
        tests.append(FieldTest("user_metadata", path, parsed, FieldKind.METADATA))
    return tests


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
        test = ColumnTest(parts, parse_condition(key, spec, FieldKind.ONTOLOGY))
        groups.setdefault(tag, []).append(test)
    if not groups:
        raise invalid("ontology", "the block has no condition; mosaicod 0.3.0 would answer "
                      "nothing, whatever the other blocks say (leave the block out)")
    return groups, include
