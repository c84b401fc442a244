"""The client's ``.Q`` builders and the in-memory engine take their operators from one table.

For each kind of field and each operator: the client builds the condition exactly when
the vocabulary's ``OPERATORS`` allows it; the engine (as mosaicod 0.3.0) refuses what the
table does not allow, at decoding for the typed catalog fields and at compiling for user
metadata; and where the client builds a condition the engine still refuses, that is one
of mosaicod 0.3.0's own documented limits, nothing else.
"""

from __future__ import annotations

import pyarrow as pa
import pytest

from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.adapters.memory.query_ops import QueryNotSupportedError
from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.domain.query.expressions import FieldProxy
from mosaicolabs.domain.query.proxies import kind_of
from mosaicolabs.domain.vocabulary import OPERATORS, FieldKind, arrow_kind, value_kind
from mosaicolabs.domain.vocabulary.operators import (
    BETWEEN,
    EQ,
    GEQ,
    GT,
    IN,
    LEQ,
    LT,
    MATCH,
    NEQ,
    VALUE_OPERATORS,
)

METHOD = {EQ: "eq", NEQ: "neq", LT: "lt", LEQ: "leq", GT: "gt", GEQ: "geq",
          BETWEEN: "between", IN: "in_", MATCH: "match"}
SAMPLE = {FieldKind.TEXT: ("a", "b"), FieldKind.TIMESTAMP: (5, 6),
          FieldKind.METADATA: (5, 6), FieldKind.NUMBER: (5, 6), FieldKind.BOOL: (False, True)}
# (block, field) of the catalog fields, with their kind.
CATALOG = [("sequence", "locator", FieldKind.TEXT),
           ("sequence", "created_at_ns", FieldKind.TIMESTAMP),
           ("topic", "ontology_tag", FieldKind.TEXT),
           ("topic", "created_at_ns", FieldKind.TIMESTAMP)]
# What mosaicod 0.3.0 cannot compile although the protocol (and so the client) allows it.
MOSAICOD_LIMITS = {(FieldKind.TIMESTAMP, IN)}
ONTOLOGY_LIMITS = {NEQ, IN, MATCH}


def wire_entry(kind: FieldKind, op: str) -> dict:
    lo, hi = SAMPLE[kind]
    value = {BETWEEN: [lo, hi], IN: [lo], MATCH: "a"}.get(op, lo)
    return {op: value}


def client_builds(kind: FieldKind, op: str) -> dict | None:
    """The ``{op: value}`` the client sends, or None when it refuses to build it."""
    lo, hi = SAMPLE[kind]
    args = {BETWEEN: (lo, hi), MATCH: ("a",)}.get(op, (lo,))
    try:
        return getattr(FieldProxy("f", kind), METHOD[op])(*args).as_entry()
    except InvalidRequestError:
        return None


def engine_answer(blocks: dict) -> str:
    try:
        MemoryEngine().query(blocks)
    except QueryNotSupportedError:
        return "facade"
    except InvalidRequestError:
        return "marshal"
    return "ok"


@pytest.mark.parametrize("op", sorted(VALUE_OPERATORS))
@pytest.mark.parametrize("kind", list(SAMPLE), ids=lambda k: k.name)
def test_client_builds_exactly_the_declared_operators(kind, op):
    assert (client_builds(kind, op) is not None) == (op in OPERATORS[kind])


def test_opaque_fields_take_nothing():
    assert OPERATORS[FieldKind.OPAQUE] == frozenset()
    with pytest.raises(InvalidRequestError, match="allowed: none"):
        FieldProxy("f", FieldKind.OPAQUE).eq(1)


@pytest.mark.parametrize("op", sorted(VALUE_OPERATORS))
@pytest.mark.parametrize(("block", "field", "kind"), CATALOG, ids=lambda v: str(v))
def test_engine_and_client_agree_on_catalog_fields(block, field, kind, op):
    built = client_builds(kind, op)
    answer = engine_answer({block: {field: built or wire_entry(kind, op)}})
    if op not in OPERATORS[kind]:
        assert built is None
        assert answer == "marshal"  # mosaicod types these fields while decoding
    elif answer != "ok":
        assert (kind, op) in MOSAICOD_LIMITS and answer == "facade"
    else:
        assert (kind, op) not in MOSAICOD_LIMITS


@pytest.mark.parametrize("op", sorted(VALUE_OPERATORS))
def test_engine_and_client_agree_on_user_metadata(op):
    built = client_builds(FieldKind.METADATA, op)
    entry = built or wire_entry(FieldKind.METADATA, op)
    answer = engine_answer({"sequence": {"user_metadata": {"a.b": entry}}})
    assert (built is not None) == (op in OPERATORS[FieldKind.METADATA])
    # Outside the table: refused at compiling, as mosaicod's JSON compiler does.
    assert answer == ("ok" if built is not None else "facade")


@pytest.mark.parametrize("op", sorted(VALUE_OPERATORS))
@pytest.mark.parametrize("kind", [FieldKind.NUMBER, FieldKind.TEXT, FieldKind.BOOL],
                         ids=lambda k: k.name)
def test_ontology_columns_refused_by_the_engine_are_only_mosaicods_limits(kind, op):
    built = client_builds(kind, op)
    answer = engine_answer({"ontology": {"imu.x": built or wire_entry(kind, op)}})
    assert op in OPERATORS[FieldKind.ONTOLOGY]
    if built is not None and answer != "ok":
        assert op in ONTOLOGY_LIMITS and answer == "facade"


@pytest.mark.parametrize(("dtype", "kind"), [
    (pa.int8(), FieldKind.NUMBER), (pa.uint64(), FieldKind.NUMBER),
    (pa.float16(), FieldKind.NUMBER), (pa.float64(), FieldKind.NUMBER),
    (pa.string(), FieldKind.TEXT), (pa.large_string(), FieldKind.TEXT),
    (pa.bool_(), FieldKind.BOOL), (pa.binary(), FieldKind.OPAQUE),
    (pa.list_(pa.int32()), FieldKind.OPAQUE), (pa.timestamp("ns"), FieldKind.OPAQUE),
])
def test_one_mapping_from_arrow_types_to_kinds(dtype, kind):
    assert arrow_kind(dtype) is kind
    assert kind_of(dtype) is kind  # the .Q proxies' view of a column


@pytest.mark.parametrize(("value", "kind"), [
    (1, FieldKind.NUMBER), (1.5, FieldKind.NUMBER), ("x", FieldKind.TEXT),
    (True, FieldKind.BOOL), (None, None), ([1], None),
])
def test_value_kinds(value, kind):
    assert value_kind(value) is kind
