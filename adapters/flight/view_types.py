"""Arrow's view layouts (``string_view``, ``binary_view``) turned into the classic ones.

mosaicod 0.3.0 sends text columns as ``string_view`` (its Arrow library's choice), while
the models declare ``string``/``binary`` and many consumers (CSV and older Parquet
writers, older pyarrow, pandas before 2.2) refuse the view layouts. Downloads are cast
back to the declared layout once per batch, so a table has the same schema whichever
server it came from.
"""

from __future__ import annotations

import pyarrow as pa

__all__ = ["classic_schema"]


def _classic(data_type: pa.DataType) -> pa.DataType:
    if data_type == pa.string_view():
        return pa.string()
    if data_type == pa.binary_view():
        return pa.binary()
    if pa.types.is_struct(data_type):
        return pa.struct([_field(data_type.field(i)) for i in range(data_type.num_fields)])
    if pa.types.is_list(data_type):
        return pa.list_(_field(data_type.value_field))
    if pa.types.is_large_list(data_type):
        return pa.large_list(_field(data_type.value_field))
    if pa.types.is_fixed_size_list(data_type):
        return pa.list_(_field(data_type.value_field), data_type.list_size)
    if pa.types.is_list_view(data_type) or pa.types.is_large_list_view(data_type):
        return pa.list_(_field(data_type.value_field))
    return data_type


def _field(field: pa.Field) -> pa.Field:
    return field.with_type(_classic(field.type))


def classic_schema(schema: pa.Schema) -> pa.Schema | None:
    """``schema`` without view layouts, or ``None`` when it has none (nothing to cast)."""
    fields = [_field(field) for field in schema]
    if all(new.type == old.type for new, old in zip(fields, schema, strict=True)):
        return None
    return pa.schema(fields, metadata=schema.metadata)
