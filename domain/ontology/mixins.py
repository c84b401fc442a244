"""Uncertainty fields a model takes by inheriting them, as in the official client.

``class Gauge(Serializable, VarianceMixin)`` gives ``Gauge`` the optional fields
``variance`` and ``variance_type`` after its own (``CovarianceMixin``: ``covariance``
and ``covariance_type``); the built-in models use them the same way. A mixin is not
a dataclass at run time: :class:`~.serializable.Serializable` copies its fields
into each model that inherits it, after the model's own fields, so that they come
last in the model's Arrow layout, ``repr`` and constructor. Type checkers see it as
a keyword-only dataclass, hence the fields in the model's constructor.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar

import pyarrow as pa

from .fields import arrow_field
from .pydantic_names import BaseModel

if TYPE_CHECKING:
    from dataclasses import dataclass as _mixin
else:

    def _mixin(**_: Any) -> Any:
        return lambda cls: cls


__all__ = ["CovarianceMixin", "VarianceMixin", "mixin_fields"]

COVARIANCE = "Row-major covariance matrix, flattened."
COVARIANCE_TYPE = "How the covariance was obtained (source-specific code)."
VARIANCE = "Variance of the value, if known."
VARIANCE_TYPE = "How the variance was obtained (source-specific code)."


@_mixin(kw_only=True)
class CovarianceMixin(BaseModel):
    """A flattened covariance matrix and a code telling how it was obtained."""

    __mosaico_mixin__: ClassVar[bool] = True
    covariance: list[float] | None = arrow_field(pa.list_(pa.float64()), description=COVARIANCE)
    covariance_type: int | None = arrow_field(pa.int16(), description=COVARIANCE_TYPE)


@_mixin(kw_only=True)
class VarianceMixin(BaseModel):
    """The variance of a scalar value and a code telling how it was obtained."""

    __mosaico_mixin__: ClassVar[bool] = True
    variance: float | None = arrow_field(pa.float64(), description=VARIANCE)
    variance_type: int | None = arrow_field(pa.int16(), description=VARIANCE_TYPE)


def mixin_fields(cls: type) -> dict[str, tuple[Any, dataclasses.Field[Any]]]:
    """Fields the mixins among ``cls``'s bases give it, in base order: name ->
    (annotation, a fresh copy of the field)."""
    found: dict[str, tuple[Any, dataclasses.Field[Any]]] = {}
    for base in cls.__mro__[1:]:
        if not base.__dict__.get("__mosaico_mixin__"):
            continue
        for name, annotation in base.__dict__.get("__annotations__", {}).items():
            field = base.__dict__.get(name)
            if isinstance(field, dataclasses.Field) and name not in found:
                found[name] = (annotation, copy.copy(field))
    return found
