"""``mosaico query``: query builders from command-line conditions or a JSON file.

Conditions read ``PATH OP VALUE`` (``environment.visibility<50``,
``imu.acceleration.x>5.0``) with OP one of ``== != < <= > >=``. Values are
integers, floats, ``true``/``false``, or text (quoted, or bare when it is not
a number). ``--file`` takes the wire form of a query, the blocks
``{"sequence": …, "topic": …, "ontology": …}`` that ``Query.to_blocks()``
produces, and turns it back into the same builders, so both paths go through
the library's checks and nothing is added to the library for the CLI.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

from .common import EXIT_OK, UsageError, open_client
from .output import emit_json, format_time, iso_time, print_table

__all__ = ["build_query", "cmd_query", "parse_condition", "parse_value"]

# "=" is accepted as a forgiving spelling of "==".
_OPERATORS = {"==": "eq", "=": "eq", "!=": "neq", "<=": "leq", ">=": "geq", "<": "lt", ">": "gt"}
_CONDITION = re.compile(r"^\s*([^<>=!\s]+)\s*(==|!=|<=|>=|<|>|=)\s*(.*?)\s*$")
_BLOCKS = ("sequence", "topic", "ontology")


def parse_value(text: str) -> Any:
    """A condition value: ``'5'`` → 5, ``'5.0'`` → 5.0, ``'true'`` → True,
    ``'"5"'`` → ``'5'`` (quotes keep text), ``'fog'`` → ``'fog'``."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return text
    # "nan" and "inf" parse as floats but are more likely meant as words.
    return number if math.isfinite(number) else text


def parse_condition(text: str) -> tuple[str, str, Any]:
    """``'a.b<=3'`` → ``('a.b', 'leq', 3)``.

    Raises:
        UsageError: not of the form PATH OP VALUE.
    """
    match = _CONDITION.match(text)
    if match is None or not match.group(3):
        raise UsageError(f"bad condition {text!r}: expected PATH OP VALUE, "
                         "OP one of == != < <= > >=")
    path, operator, value = match.groups()
    return path, _OPERATORS[operator], parse_value(value)


def _ontology_expression(path: str, op: str, value: Any) -> Any:
    """``imu.acceleration.x`` gt 5 → the expression ``IMU.Q.acceleration.x.gt(5)`` builds.

    Known tags go through the model's ``.Q`` proxies, which check the field and
    the value before anything is sent; tags of models this process does not
    know are sent as they are, for the server to judge.
    """
    from mosaicolabs.domain.errors import InvalidRequestError
    from mosaicolabs.domain.ontology.registry import model_for_tag
    from mosaicolabs.domain.query.expressions import Expression, FieldProxy

    tag, _, rest = path.partition(".")
    if not rest:
        raise UsageError(f"bad --where path {path!r}: expected TAG.FIELD (e.g. imu.acceleration.x)")
    try:
        proxy: Any = model_for_tag(tag).Q
    except InvalidRequestError:
        return Expression(path, f"${op}", value)
    for part in rest.split("."):
        if isinstance(proxy, FieldProxy):  # a plain attribute lookup would be an AttributeError
            raise UsageError(f"bad --where path {path!r}: {proxy.key} has no field {part!r}")
        proxy = getattr(proxy, part)
    if not isinstance(proxy, FieldProxy):
        raise UsageError(f"{path} is a group of fields: name one of them (e.g. {path}.x)")
    return getattr(proxy, op)(value)


def _single_condition(key: str, condition: Any) -> tuple[str, Any]:
    """The ``(op, value)`` of a wire entry ``{"$op": value}``."""
    if not isinstance(condition, dict) or len(condition) != 1:
        raise UsageError(f"--file: {key!r} must map to one {{\"$op\": value}} object")
    (op, value), = condition.items()
    if not isinstance(op, str) or not op.startswith("$"):
        raise UsageError(f"--file: {key!r}: operators start with '$', got {op!r}")
    return op, value


def _catalog_expressions(scope: str, block: dict[str, Any]) -> list[Any]:
    """Expressions of a sequence or topic block; ``user_metadata`` entries get their prefix."""
    from mosaicolabs.domain.query.expressions import Expression

    expressions = []
    for key, condition in block.items():
        if key == "user_metadata":
            if not isinstance(condition, dict):
                raise UsageError(f"--file: {scope}.user_metadata must be an object")
            for path, entry in condition.items():
                expressions.append(Expression(f"user_metadata.{path}",
                                              *_single_condition(path, entry), scope))
        else:
            expressions.append(Expression(key, *_single_condition(key, condition), scope))
    return expressions


def _read_blocks(source: str) -> dict[str, Any]:
    """The JSON object of ``--file`` (``-``: stdin), checked for known block names."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text()
        document = json.loads(text)
    except OSError as exc:
        raise UsageError(f"--file: cannot read {source}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise UsageError(f"--file: not valid JSON ({exc})") from None
    if not isinstance(document, dict) or not all(isinstance(document.get(b, {}), dict)
                                                 for b in _BLOCKS):
        raise UsageError('--file: expected {"sequence": {…}, "topic": {…}, "ontology": {…}}')
    unknown = sorted(set(document) - set(_BLOCKS))
    if unknown:
        raise UsageError(f"--file: unknown blocks {unknown} (known: {', '.join(_BLOCKS)})")
    return document


def _apply_file(source: str, builders: dict[str, Any]) -> None:
    from mosaicolabs.domain.query.expressions import Expression

    document = _read_blocks(source)
    for scope in ("sequence", "topic"):
        for expression in _catalog_expressions(scope, document.get(scope, {})):
            builders[scope].with_expression(expression)
    ontology = builders["ontology"]
    for key, condition in document.get("ontology", {}).items():
        if key == "include_timestamp_range":
            ontology.include_timestamp_range = bool(condition)
        else:
            ontology.with_expression(Expression(key, *_single_condition(key, condition)))


def _catalog_flags(builder: Any, name: str | None, name_match: str | None,
                   metadata: list[str]) -> None:
    """The name, name-pattern and user-metadata flags of a sequence or topic block."""
    if name:
        builder.with_name(name)
    if name_match:
        builder.with_name_match(name_match)
    for text in metadata:
        path, op, value = parse_condition(text)
        builder.with_user_metadata(path, **{op: value})


def _apply_flags(args: argparse.Namespace, builders: dict[str, Any]) -> None:
    sequence, topic, ontology = (builders[b] for b in _BLOCKS)
    _catalog_flags(sequence, args.name, args.name_match, args.metadata)
    _catalog_flags(topic, args.topic_name, args.topic_name_match, args.topic_metadata)
    if args.tag:
        topic.with_ontology_tag(args.tag)
    for text in args.where:
        ontology.with_expression(_ontology_expression(*parse_condition(text)))
    if args.with_ranges:
        ontology.include_timestamp_range = True


def build_query(args: argparse.Namespace) -> Any:
    """The ``Query`` the flags (and ``--file``) describe.

    Raises:
        UsageError: a malformed condition, or one the library refuses (wrong
            operator for the field, unknown field, no condition at all).
    """
    from mosaicolabs.domain.errors import InvalidRequestError
    from mosaicolabs.domain.query.builders import (
        Query,
        QueryOntologyCatalog,
        QuerySequence,
        QueryTopic,
    )

    builders: dict[str, QuerySequence | QueryTopic | QueryOntologyCatalog] = {
        "sequence": QuerySequence(), "topic": QueryTopic(), "ontology": QueryOntologyCatalog()}
    try:
        if args.file:
            _apply_file(args.file, builders)
        _apply_flags(args, builders)
        query = Query(*builders.values())
        query.to_blocks()  # refuses a query without conditions, before connecting
    except InvalidRequestError as exc:  # a condition the library refuses is bad usage
        raise UsageError(str(exc)) from None
    return query


def _result_doc(response: Any) -> list[dict[str, Any]]:
    def span(topic: Any) -> dict[str, Any] | None:
        if topic.timestamp_range is None:
            return None
        start, end = topic.timestamp_range
        return {"start_ns": start, "end_ns": end, "start": iso_time(start), "end": iso_time(end)}

    return [{"sequence": item.sequence.name,
             "topics": [{"name": t.name, "timestamp_range": span(t)} for t in item.topics]}
            for item in response]


def cmd_query(args: argparse.Namespace) -> int:
    """Run the query and print the matching sequences and topics."""
    query = build_query(args)
    if args.dry_run:
        emit_json(query.to_blocks())
        return EXIT_OK
    with open_client(args) as client:
        docs = _result_doc(client.query(query=query))
    if args.json:
        emit_json(docs)
        return EXIT_OK
    rows = []
    for doc in docs:
        for topic in doc["topics"] or [{"name": None, "timestamp_range": None}]:
            span = topic["timestamp_range"] or {}
            rows.append((doc["sequence"], topic["name"], format_time(span.get("start_ns")),
                         format_time(span.get("end_ns"))))
    print_table(("SEQUENCE", "TOPIC", "START", "END"), rows)
    return EXIT_OK
