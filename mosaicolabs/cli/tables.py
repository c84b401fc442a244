"""Topic tables in files: Parquet as is, CSV flattened, and back into the topic schema.

CSV holds only flat columns of scalars, so on the way out struct columns are
flattened (``acceleration`` → ``acceleration.x``, ``acceleration.y`` …), list
columns become JSON text and binary columns base64 text; anything that still
does not fit is dropped. Every such change is reported as a note. On the way
in, :func:`conform` reverses this against the topic schema (``message_schema``
of the model): ``a.b`` columns are gathered into struct arrays, JSON and base64
text decoded, and every column cast to the exact type the topic expects.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from mosaicolabs.domain.vocabulary import PROPERTIES_KEY

__all__ = [
    "DataFileError",
    "conform",
    "csv_ready",
    "read_table",
    "table_format",
    "tag_in_file",
    "with_tag",
    "write_table",
]

_FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}


class DataFileError(ValueError):
    """A file's columns do not fit the topic schema."""


def with_tag(table: pa.Table, ontology_tag: str | None) -> pa.Table:
    """``table`` carrying its model's tag in the schema metadata, as exported files do
    (under the same ``mosaico:properties`` key a server's stream uses), so an import of
    a Parquet export needs no ``--tag``."""
    if not ontology_tag:
        return table
    metadata = dict(table.schema.metadata or {})
    metadata[PROPERTIES_KEY.encode()] = json.dumps({"ontology_tag": ontology_tag}).encode()
    return table.replace_schema_metadata(metadata)


def tag_in_file(schema: pa.Schema) -> str:
    """The tag an exported file carries (see :func:`with_tag`), else ``""``."""
    raw = (schema.metadata or {}).get(PROPERTIES_KEY.encode())
    try:
        properties = json.loads(raw) if raw else None
    except ValueError:
        return ""
    tag = properties.get("ontology_tag") if isinstance(properties, dict) else None
    return tag if isinstance(tag, str) else ""


def table_format(path: str | None, chosen: str | None, default: str | None = "parquet") -> str:
    """``--format`` if given, else from the extension (``x.csv.gz`` is CSV), else ``default``.

    Raises:
        ValueError: no format could be chosen (only when ``default`` is ``None``).
    """
    if chosen:
        return chosen
    suffixes = [s.lower() for s in Path(path or "").suffixes]
    for suffix in reversed(suffixes):
        if suffix in _FORMATS:
            return _FORMATS[suffix]
    if default is None:
        raise ValueError(f"cannot tell the format of {path!r} from its name: use --format")
    return default


def _opaque(data_type: pa.DataType) -> str | None:
    """How a column that CSV cannot hold is written: ``"json"``, ``"base64"``, or ``None``."""
    if (pa.types.is_list(data_type) or pa.types.is_large_list(data_type)
            or pa.types.is_fixed_size_list(data_type)):
        return "json"
    if (pa.types.is_binary(data_type) or pa.types.is_large_binary(data_type)
            or pa.types.is_fixed_size_binary(data_type)):
        return "base64"
    return None


def _encode(column: pa.ChunkedArray, how: str) -> pa.Array:
    if how == "json":
        values = [None if v is None else json.dumps(v) for v in column.to_pylist()]
    else:
        values = [None if v is None else base64.b64encode(v).decode("ascii")
                  for v in column.to_pylist()]
    return pa.array(values, pa.string())


def csv_ready(table: pa.Table) -> tuple[pa.Table, list[str]]:
    """The table with only CSV-friendly columns, and notes saying what was changed."""
    flattened: list[str] = []
    while any(pa.types.is_struct(f.type) for f in table.schema):
        flattened += [f.name for f in table.schema if pa.types.is_struct(f.type)]
        table = table.flatten()  # one level per pass: nested structs need several
    changed: dict[str, list[str]] = {"json": [], "base64": [], "dropped": []}
    for index, field in enumerate(table.schema):
        how = _opaque(field.type) or ("dropped" if pa.types.is_nested(field.type) else None)
        if how is None:
            continue
        if how == "dropped":
            changed[how].append(field.name)
            continue
        try:
            table = table.set_column(index, field.name, _encode(table.column(index), how))
            changed[how].append(field.name)
        except (TypeError, ValueError, KeyError):  # e.g. lists of bytes: not JSON
            changed["dropped"].append(field.name)
    table = table.drop_columns(changed["dropped"])
    labels = {"json": "JSON-encoded list columns", "base64": "base64-encoded binary columns",
              "dropped": "dropped columns CSV cannot hold"}
    notes = [f"CSV: flattened struct columns {', '.join(flattened)}"] if flattened else []
    notes += [f"CSV: {labels[k]} {', '.join(v)}" for k, v in changed.items() if v]
    return table, notes


def write_table(table: pa.Table, destination: Any, fmt: str) -> list[str]:
    """Write Parquet or CSV to a path or binary file object; returns notes (CSV changes)."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, destination)
        return []
    import pyarrow.csv as pacsv

    flat, notes = csv_ready(table)
    pacsv.write_csv(flat, destination)
    return notes


def _csv_types(schema: pa.Schema | pa.StructType, prefix: str = "") -> dict[str, pa.DataType]:
    """Column types to read a CSV written by :func:`write_table` with, by flat name."""
    types: dict[str, pa.DataType] = {}
    for index in range(len(schema) if isinstance(schema, pa.Schema) else schema.num_fields):
        field = schema.field(index)
        name = prefix + field.name
        if pa.types.is_struct(field.type):
            types.update(_csv_types(field.type, name + "."))
        else:
            types[name] = pa.string() if _opaque(field.type) else field.type
    return types


def read_table(path: str, fmt: str, schema: pa.Schema | None = None) -> pa.Table:
    """Read Parquet, or CSV typed after ``schema`` (flat ``a.b`` names, JSON/base64 text).

    In CSV an unquoted empty cell is a null and a quoted one an empty string,
    which is how :func:`write_table` tells the two apart.
    """
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    options = pacsv.ConvertOptions(
        column_types=_csv_types(schema) if schema is not None else None,
        strings_can_be_null=True, quoted_strings_can_be_null=False)
    try:
        if fmt == "parquet":
            return pq.read_table(path)
        return pacsv.read_csv(path, convert_options=options)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:  # name the file, not just the cell
        raise DataFileError(f"{path}: {exc}") from None


def _decode(array: pa.Array, field: pa.Field, name: str) -> pa.Array:
    how = _opaque(field.type)
    if how is None or not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return array
    try:
        if how == "json":
            values = [None if v is None else json.loads(v) for v in array.to_pylist()]
        else:
            values = [None if v is None else base64.b64decode(v, validate=True)
                      for v in array.to_pylist()]
        return pa.array(values, field.type)
    except (ValueError, TypeError, pa.ArrowException) as exc:
        raise DataFileError(f"column {name!r}: text is not {how} for {field.type}: {exc}") from None


def _convert(column: Any, field: pa.Field, name: str) -> pa.Array:
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    array = _decode(array, field, name)
    if array.type.equals(field.type):
        return array
    try:
        return array.cast(field.type)  # safe cast: 1.5 does not become 1 silently
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as exc:
        raise DataFileError(f"column {name!r}: {array.type} does not convert to "
                            f"{field.type}: {exc}") from None


def _struct(field: pa.Field, name: str, children: list[pa.Array | None], rows: int) -> pa.Array:
    fields = [field.type.field(i) for i in range(field.type.num_fields)]
    arrays = []
    for child, array in zip(fields, children, strict=True):
        if array is None:
            if not child.nullable:
                raise DataFileError(f"required column {name}.{child.name!r} is missing")
            array = pa.nulls(rows, child.type)
        arrays.append(array)
    mask = None
    if field.nullable and arrays:
        # Flattening a missing (null) struct leaves every sub-column empty on that row.
        any_valid = arrays[0].is_valid()
        for array in arrays[1:]:
            any_valid = pc.call_function("or", [any_valid, array.is_valid()])
        mask = pc.call_function("invert", [any_valid])
    return pa.StructArray.from_arrays(arrays, fields=fields, mask=mask)


def _column(table: pa.Table, field: pa.Field, name: str, used: set[str]) -> pa.Array | None:
    """The column for ``field``: as it is in the file, or gathered from ``name.*`` columns."""
    if name in table.column_names:
        used.add(name)
        return _convert(table.column(name), field, name)
    if not pa.types.is_struct(field.type):
        return None
    children = [_column(table, field.type.field(i), f"{name}.{field.type.field(i).name}", used)
                for i in range(field.type.num_fields)]
    if all(child is None for child in children):
        return None
    return _struct(field, name, children, table.num_rows)


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` reshaped into ``schema``'s columns and types (absent columns left out).

    Raises:
        DataFileError: columns the schema does not have, or values that do not fit.
    """
    used: set[str] = set()
    arrays, fields = [], []
    for field in schema:
        array = _column(table, field, field.name, used)
        if array is not None:
            arrays.append(array)
            fields.append(field)
    unknown = [name for name in table.column_names if name not in used]
    if unknown:
        raise DataFileError(f"columns {unknown} are not in the topic schema; expected some of "
                            f"{sorted(_csv_types(schema))}")
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))
