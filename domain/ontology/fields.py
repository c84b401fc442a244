"""Declaring model fields with their Arrow type.

A model field is a dataclass field carrying its Arrow type in the metadata::

    class Pressure(Serializable):
        value: float = arrow_field(pa.float64(), nullable=False)
        variance: float | None = arrow_field(pa.float64())

Fields of a nested model type become struct columns built from that model.

Type checkers read a model's fields through ``dataclass_transform`` on
:class:`~.serializable.Serializable`. They take any ``= arrow_field(...)`` as a
default, so every such field is an optional keyword to them (a required one is
only enforced when the model is built). :func:`required_field` is the field
specifier they know: a field declared with it is a required keyword for them too,
as the built-in models declare theirs::

    class Pressure(Serializable):
        value: float = required_field(pa.float64())
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pyarrow as pa

__all__ = ["ARROW_KEY", "MODEL_KEY", "NULLABLE_KEY", "arrow_field", "required_field"]

ARROW_KEY = "mosaico.arrow_type"
NULLABLE_KEY = "mosaico.nullable"
MODEL_KEY = "mosaico.model"

_REQUIRED = dataclasses.MISSING


def arrow_field(
    arrow_type: pa.DataType | None = None,
    *,
    nullable: bool = True,
    model: type | None = None,
    description: str | None = None,
    default: Any = None,
) -> Any:
    """A model field stored as one Arrow column (or struct child).

    Args:
        arrow_type: The column type; omit it for a nested ``model``.
        nullable: ``False`` makes the field required (no default).
        model: A nested :class:`Serializable` stored as a struct.
        description: Free text kept as field metadata.
        default: Default for optional fields (``None`` unless given).
    """
    if arrow_type is None and model is None:
        raise TypeError("arrow_field needs an arrow_type or a nested model")
    metadata = {
        ARROW_KEY: arrow_type,
        NULLABLE_KEY: nullable,
        MODEL_KEY: model,
        "description": description,
    }
    if not nullable:
        return dataclasses.field(metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def required_field(
    arrow_type: pa.DataType | None = None,
    *,
    model: type | None = None,
    description: str | None = None,
) -> Any:
    """A required (non-nullable) field: ``arrow_field(..., nullable=False)``, and, unlike
    it, seen as required by type checkers (it is the models' field specifier)."""
    return arrow_field(arrow_type, nullable=False, model=model, description=description)
