"""The columnar fast path: checking and shaping user columns into topic batches.

Accepted input: a ``pyarrow.Table`` or ``RecordBatch``, or a mapping from column
name to values (numpy arrays, lists or Arrow arrays). Every column is checked
against the topic schema before anything is sent: unknown names, missing
required columns, types that cannot be cast safely and null timestamps are
refused with an error naming the column.
"""

from __future__ import annotations

from typing import Any, Mapping, Union

import pyarrow as pa

from mosaicolabs.domain.errors import InvalidRequestError

__all__ = ["ColumnarInput", "to_topic_batches"]

ColumnarInput = Union[pa.Table, pa.RecordBatch, Mapping[str, Any]]  # noqa: UP007 (3.10 alias)


def _as_columns(data: ColumnarInput) -> dict[str, Any]:
    # The mapping first: pyarrow has no type information, so only this order lets the
    # checkers narrow ``data`` (Tables and RecordBatches are not Mappings).
    if isinstance(data, Mapping):
        return dict(data)
    if isinstance(data, (pa.Table, pa.RecordBatch)):
        return {name: data.column(name) for name in data.schema.names}
    raise InvalidRequestError(
        f"push_batch takes a pyarrow Table/RecordBatch or a mapping of columns, "
        f"not {type(data).__name__}"
    )


def _category(data_type: pa.DataType) -> str:
    if pa.types.is_integer(data_type):
        return "int"
    if pa.types.is_floating(data_type):
        return "float"
    if pa.types.is_string(data_type) or pa.types.is_large_string(data_type):
        return "str"
    if pa.types.is_binary(data_type) or pa.types.is_large_binary(data_type):
        return "bytes"
    return str(data_type)


def _compatible(given: pa.DataType, wanted: pa.DataType) -> bool:
    # Widening is fine (int8 -> int64, int -> float); changing kind is not (a float
    # timestamp silently truncated to int is a bug the caller wants to hear about).
    g, w = _category(given), _category(wanted)
    return g == w or (g == "int" and w == "float") or pa.types.is_null(given)


def _to_array(name: str, values: Any, field: pa.Field) -> pa.Array | pa.ChunkedArray:
    try:
        if not isinstance(values, (pa.Array, pa.ChunkedArray)):
            if not hasattr(values, "dtype"):  # plain Python values: convert directly
                return pa.array(values, type=field.type)
            values = pa.array(values)  # numpy and friends: keep their own type first
        if values.type.equals(field.type):
            return values
        if not _compatible(values.type, field.type):
            raise TypeError(f"{values.type} values do not convert to {field.type}")
        return values.cast(field.type, safe=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError,
            ValueError, OverflowError) as exc:
        raise InvalidRequestError(
            f"column {name!r} must be {field.type}: {exc}", resource=name
        ) from None


def _table(data: ColumnarInput, schema: pa.Schema) -> pa.Table:
    columns = _as_columns(data)
    unknown = sorted(set(columns) - set(schema.names))
    if unknown:
        raise InvalidRequestError(
            f"unknown columns {unknown}; the topic's columns are {schema.names}"
        )
    arrays = {name: _to_array(name, columns[name], schema.field(name)) for name in columns}
    lengths = {len(a) for a in arrays.values()}
    if len(lengths) > 1:
        raise InvalidRequestError(f"columns have different lengths: {sorted(lengths)}")
    rows = lengths.pop() if lengths else 0
    ordered = []
    for field in schema:
        if field.name in arrays:
            ordered.append(arrays[field.name])
        elif field.nullable:
            ordered.append(pa.nulls(rows, field.type))
        else:
            raise InvalidRequestError(f"required column {field.name!r} is missing")
    return pa.Table.from_arrays(ordered, schema=schema)


def to_topic_batches(
    data: ColumnarInput, schema: pa.Schema, max_bytes: int
) -> list[pa.RecordBatch]:
    """Validate ``data`` against ``schema`` and cut it into batches of about ``max_bytes``.

    Raises:
        InvalidRequestError: naming the offending column.
    """
    table = _table(data, schema)
    if table.num_rows == 0:
        return []
    if table.column("timestamp_ns").null_count:
        raise InvalidRequestError("column 'timestamp_ns' has nulls; every row needs a timestamp")
    row_bytes = max(1, table.nbytes // table.num_rows)
    rows_per_batch = max(1, max_bytes // row_bytes)
    return [b for b in table.to_batches(max_chunksize=rows_per_batch) if b.num_rows]
