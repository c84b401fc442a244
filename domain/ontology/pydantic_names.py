"""The names pydantic gives model operations, for code written against the official client.

The official client's models are pydantic models; code written for it calls
``model_dump()``, ``model_validate()``, ``model_copy()``... Every
:class:`~.serializable.Serializable` model has these (over its dataclass fields),
and ``Model.__msco_pyarrow_struct__``, the official name of its Arrow struct type.
:class:`BaseModel` is the official name of the common root of ``Message``,
``Serializable`` and the mixins (no pydantic behind it here).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import sys
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

import pyarrow as pa

from .validation import refuse

if TYPE_CHECKING:
    from typing_extensions import Self
elif sys.version_info >= (3, 11):
    from typing import Self
else:
    Self = Any

__all__ = ["BaseModel", "PydanticNames"]


class _ModelFields:
    """``Model.model_fields``: the fields by name (pydantic's name for them)."""

    def __get__(self, instance: object, owner: type) -> dict[str, dataclasses.Field[Any]]:
        return {f.name: f for f in dataclasses.fields(owner)}


class _ArrowModel(Protocol):
    """A model class with an Arrow layout (what ``_ArrowStruct`` is installed on)."""

    @classmethod
    def arrow_struct(cls) -> pa.StructType: ...


class _ArrowStruct:
    """``Model.__msco_pyarrow_struct__``: the model's struct type, as the official client
    names it."""

    def __get__(self, instance: object, owner: type[_ArrowModel]) -> pa.StructType:
        return owner.arrow_struct()


class BaseModel:
    """The root of the data classes (``Message``, ``Serializable``, the mixins), as in the
    official client: ``isinstance(x, BaseModel)`` holds for them all."""

    __slots__ = ()
    #: The Arrow struct of the class (its own fields; empty here).
    __msco_pyarrow_struct__: ClassVar[pa.StructType] = pa.struct([])


class PydanticNames(BaseModel):
    """pydantic's model methods over a dataclass model (a base of ``Serializable``)."""

    __slots__ = ()
    if TYPE_CHECKING:
        #: The fields by name, as ``dataclasses.Field`` objects.
        model_fields: ClassVar[dict[str, dataclasses.Field[Any]]]

        def to_dict(self) -> dict[str, Any]: ...
    else:
        model_fields = _ModelFields()
        __msco_pyarrow_struct__ = _ArrowStruct()

    def model_dump(self, *, mode: Literal["python", "json"] = "python",
                   exclude_none: bool = False) -> dict[str, Any]:
        """The fields as plain Python values, nested models as dicts (like :meth:`to_dict`);
        ``mode="json"`` gives only JSON types (bytes as UTF-8 text, as pydantic makes them);
        ``exclude_none`` leaves out fields that are None, at every level.

        Raises:
            ValueError: an unknown ``mode``.
        """
        if mode == "json":
            loaded: dict[str, Any] = json.loads(self.model_dump_json(exclude_none=exclude_none))
            return loaded
        if mode != "python":
            raise ValueError(f"mode must be 'python' or 'json', not {mode!r}")
        values = self.to_dict()
        return _without_none(values) if exclude_none else values

    def model_dump_json(self, *, indent: int | None = None, exclude_none: bool = False) -> str:
        """:meth:`model_dump` as JSON text (bytes as UTF-8 text, as pydantic writes them)."""
        return json.dumps(self.model_dump(exclude_none=exclude_none), indent=indent,
                          default=_json_value)

    @classmethod
    def model_validate(cls, obj: Any) -> Self:
        """An instance from a dict of fields (checked as the constructor checks them), or
        ``obj`` itself when it already is one."""
        if isinstance(obj, cls):
            return obj
        if isinstance(obj, dict):
            return cls(**obj)
        raise refuse(cls.__name__, f"{cls.__name__} or a dict of its fields", obj)

    @classmethod
    def model_construct(cls, **values: Any) -> Self:
        """An instance from trusted values, without any check (missing optional fields take
        their defaults); what reading does for every row."""
        obj = object.__new__(cls)
        for field in dataclasses.fields(cls):  # type: ignore[arg-type]
            if field.name in values:
                value = values[field.name]
            elif field.default is not dataclasses.MISSING:
                value = field.default
            elif field.default_factory is not dataclasses.MISSING:
                value = field.default_factory()
            else:
                continue
            obj.__dict__[field.name] = value
        return obj

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, with the fields in ``update`` replaced (not checked, as in pydantic)."""
        clone = copy.deepcopy(self) if deep else copy.copy(self)
        if update:
            clone.__dict__.update(update)
        return clone


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _without_none(v) if isinstance(v, dict) else v
            for k, v in values.items() if v is not None}


def _json_value(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8")
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
