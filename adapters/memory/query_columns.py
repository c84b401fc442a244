"""Ontology conditions evaluated column-wise over a topic's stored rows.

This is the row filter mosaicod 0.3.0 runs on each stored chunk its statistics let
through (:mod:`.query_chunks` decides which). Every condition becomes one boolean
mask computed by ``pyarrow.compute`` over a whole column; the masks of one tag group
are ANDed, so "one row satisfies all conditions at once" (protocol.md §6.3) is a
single vectorised pass, never a Python loop over rows. A null cell (or a null parent
struct) yields a null comparison, which is turned into ``False``: null never matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from mosaicolabs.domain.catalog import TimeRange
from mosaicolabs.domain.vocabulary import FieldKind, arrow_kind

from .query_ops import Condition, invalid, unsupported, value_class

__all__ = ["ColumnTest", "column_type", "column_values", "matching_range", "row_mask"]

# pyarrow.compute generates its kernel wrappers (``pc.equal``...) at import time, so no
# type checker sees them: kernels are called by name through ``pc.call_function``, which
# is all those wrappers do for array arguments.
_KERNELS = {
    "$eq": "equal",
    "$neq": "not_equal",
    "$lt": "less",
    "$leq": "less_equal",
    "$gt": "greater",
    "$geq": "greater_equal",
}


@dataclass(frozen=True)
class ColumnTest:
    """A condition on the column at ``path`` (struct fields below a top-level column)."""

    path: tuple[str, ...]
    condition: Condition


def column_type(schema: pa.Schema, path: tuple[str, ...]) -> pa.DataType | None:
    """The type at ``path`` through struct columns, or ``None`` if there is no such column."""
    index = schema.get_field_index(path[0])
    if index < 0:
        return None
    dtype = schema.field(index).type
    for name in path[1:]:
        if not pa.types.is_struct(dtype):
            return None
        index = dtype.get_field_index(name)
        if index < 0:
            return None
        dtype = dtype.field(index).type
    return dtype


def _type_class(dtype: pa.DataType) -> FieldKind | None:
    """The kind (as in :func:`value_class`) a column of ``dtype`` holds; None: not queryable."""
    kind = arrow_kind(dtype)
    return None if kind is FieldKind.OPAQUE else kind


def _check_fit(condition: Condition, dtype: pa.DataType) -> None:
    """Raise unless every value suits a column of ``dtype``.

    mosaicod keeps numeric statistics for numbers and bools and textual ones for
    strings. A value of the other family finds no statistics: mosaicod answers nothing,
    where we refuse (the key is surely wrong). A bool against a number, or a number
    against a bool, fails mosaicod's row filter whenever a chunk gets that far, so it
    is refused as mosaicod then refuses it.
    """
    column_class = _type_class(dtype)
    if column_class is None:
        raise invalid(condition.key, f"a column of type {dtype} cannot be queried")
    for value in condition.scalars():
        found = value_class(value)
        if found == column_class:
            continue
        if {found, column_class} == {FieldKind.NUMBER, FieldKind.BOOL}:
            raise unsupported(condition.key, f"mosaicod 0.3.0 cannot compare a {dtype} "
                              f"column with {value!r}")
        raise invalid(condition.key,
                      f"{condition.op} value {value!r} does not fit a {dtype} column")


def column_values(table: pa.Table, path: tuple[str, ...], *,
                  as_stored: bool = False) -> pa.ChunkedArray:
    """The values at ``path``: a null parent struct makes a null child.

    With ``as_stored``, a child keeps whatever it stores under a null parent (writers
    often put 0 there): mosaicod's chunk statistics read the child array so.
    """
    column = table.column(path[0])
    for name in path[1:]:
        if as_stored:
            column = pa.chunked_array([part.field(name) for part in column.chunks],
                                      column.type.field(name).type)
        else:
            column = pc.call_function("struct_field", [column], pc.StructFieldOptions(name))
    return column


def _value_set(dtype: pa.DataType, values: tuple[Any, ...]) -> tuple[pa.DataType, pa.Array]:
    """The type to compare in and the ``$in`` set, so ints and floats mix correctly."""
    if _type_class(dtype) is FieldKind.NUMBER:
        if pa.types.is_integer(dtype) and all(
                isinstance(v, int) and _fits(dtype, v) for v in values):
            return dtype, pa.array(values, dtype)  # exact, in the column's own type
        # A float in the set means a float comparison; otherwise stay exact in int64.
        target = pa.float64() if any(isinstance(v, float) for v in values) else pa.int64()
        return (target if target == pa.float64() else dtype), pa.array(values, target)
    text = _type_class(dtype) is FieldKind.TEXT
    return dtype, pa.array(values, pa.string() if text else pa.bool_())


def _fits(dtype: pa.DataType, value: int) -> bool:
    bits: int = dtype.bit_width
    if pa.types.is_unsigned_integer(dtype):
        return 0 <= value < 1 << bits  # int shifts are int; int ** int is Any to checkers
    return -(1 << (bits - 1)) <= value < 1 << (bits - 1)


def _constant(column: pa.ChunkedArray, value: bool) -> pa.ChunkedArray:
    """``value`` on every non-null row (null rows stay null, then become no match)."""
    return pc.call_function("if_else", [pc.call_function("is_valid", [column]), value, None])


def _compare(column: pa.ChunkedArray, op: str, value: Any) -> pa.ChunkedArray:
    """One comparison, exact for every integer width (uint64 above 2**63 included)."""
    if pa.types.is_integer(column.type) and isinstance(value, int) \
            and not isinstance(value, bool):
        if not _fits(column.type, value):
            # Beyond the column's range the answer does not depend on the row.
            below = value < 0  # out of range and negative: below every row
            truth = {"$eq": False, "$neq": True,
                     "$lt": not below, "$leq": not below, "$gt": below, "$geq": below}[op]
            return _constant(column, truth)
        value = pa.scalar(value, column.type)
    return pc.call_function(_KERNELS[op], [column, value])


def _condition_mask(column: pa.ChunkedArray, condition: Condition) -> pa.ChunkedArray:
    """Rows where ``condition`` holds; nulls already turned into ``False``."""
    op, value = condition.op, condition.value
    if pa.types.is_float16(column.type):
        column = column.cast(pa.float32())  # Arrow has no half-float comparison kernels
    try:
        if op == "$in":
            target, values = _value_set(column.type, value)
            mask = pc.call_function("is_in", [column.cast(target, safe=False)],
                                    pc.SetLookupOptions(value_set=values))
        elif op == "$between":
            mask = pc.call_function("and", [_compare(column, "$geq", value[0]),
                                            _compare(column, "$leq", value[1])])
        elif op == "$match":
            # Not reached from a query (mosaicod refuses $match, $in, $neq on ontology
            # fields); kept so the kernels stay complete for direct use.
            mask = pc.call_function("match_substring", [column],
                                    pc.MatchSubstringOptions(pattern=value))
        else:
            mask = _compare(column, op, value)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OverflowError) as exc:
        raise invalid(condition.key, f"cannot compare with a {column.type} column: {exc}") from None
    return mask.fill_null(False)


def row_mask(table: pa.Table, tests: list[ColumnTest]) -> pa.ChunkedArray | None:
    """Rows of ``table`` meeting every test, or ``None`` if a tested column is absent.

    Raises:
        InvalidRequestError: a value does not suit a column's type (mosaicod: no match).
        QueryNotSupportedError: a bool against a number column or the reverse.
    """
    # Check every test before computing anything, so a misfit is always reported.
    for test in tests:
        dtype = column_type(table.schema, test.path)
        if dtype is None:
            return None
        _check_fit(test.condition, dtype)
    mask: pa.ChunkedArray | None = None
    for test in tests:
        current = _condition_mask(column_values(table, test.path), test.condition)
        mask = current if mask is None else pc.call_function("and", [mask, current])
    return mask


def matching_range(table: pa.Table, mask: pa.ChunkedArray | None = None) -> TimeRange | None:
    """``[min, max]`` of ``timestamp_ns`` over the rows in ``mask`` (all rows without one)."""
    stamps = table.column("timestamp_ns")
    if mask is not None:
        stamps = stamps.filter(mask)
    bounds = pc.call_function("min_max", [stamps])
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    return None if low is None else TimeRange(int(low), int(high))
