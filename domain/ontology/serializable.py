"""``Serializable``: the base of every ontology model, and the tag registry.

Subclassing is all it takes: the subclass becomes a keyword-only dataclass whose
generated ``__init__`` checks each value against its field's type (one type
comparison per field on the common path, see :mod:`.checked_init`), gets an ontology
tag (``__ontology_tag__`` or its snake_case name) and is registered so data
read back with that tag decodes into it. Its Arrow layout is derived once,
lazily, from the fields (see :mod:`.fields`)::

    class Barometer(Serializable):
        __ontology_tag__ = "barometer"
        pressure_pa: float = arrow_field(pa.float64(), nullable=False)

Type checkers know the fields too (``dataclass_transform``): the constructor takes
exactly the fields, by keyword and of their types (see :mod:`.fields` for which
they take as required). Mixins among the bases (:mod:`.mixins`) add their fields
after the model's own. A model written for the official client, with its layout in
``__msco_pyarrow_struct__`` and plain annotated fields, takes each field's column
from that struct (in its order).
"""

from __future__ import annotations

import dataclasses
import re
import sys
import threading
import typing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import pyarrow as pa

from ..errors import InvalidRequestError
from .checked_init import has_own_init, install_checked_init
from .fields import ARROW_KEY, MODEL_KEY, NULLABLE_KEY, required_field
from .mixins import mixin_fields
from .pydantic_names import PydanticNames

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
elif sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # Python 3.10: the decorator only informs type checkers

    def dataclass_transform(**_: Any) -> Any:
        return lambda cls: cls

__all__ = ["FieldSpec", "ModelSpec", "Serializable", "model_for_tag", "registered_tags"]

ENVELOPE_NAMES = frozenset({"timestamp_ns", "recording_timestamp_ns", "frame_id", "sequence_id"})
_REGISTRY: dict[str, type[Serializable]] = {}
_REGISTRY_LOCK = threading.Lock()
_SIMPLE_TYPES: dict[Any, pa.DataType] = {
    float: pa.float64(),
    int: pa.int64(),
    str: pa.string(),
    bool: pa.bool_(),
    bytes: pa.binary(),
}


@dataclass(frozen=True)
class FieldSpec:
    """One field of a model: name, Arrow field, and the nested model for structs."""

    name: str
    arrow: pa.Field
    model: type[Serializable] | None = None


@dataclass(frozen=True)
class ModelSpec:
    """The Arrow layout of a model, computed once per class."""

    fields: tuple[FieldSpec, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def struct(self) -> pa.StructType:
        return pa.struct([f.arrow for f in self.fields])


def _snake_case(name: str) -> str:
    """``CameraInfo`` -> ``camera_info``, ``GPSStatus`` -> ``gps_status``, ``Vector3d`` ->
    ``vector_3_d`` (digit groups stand alone, as the official client names them)."""
    boundaries = (
        r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])"
    )
    return re.sub(boundaries, "_", name).lower()


def _infer(hint: Any, owner: str, name: str) -> tuple[pa.DataType | None, Any, bool]:
    """Arrow type, nested model and nullability from a type hint."""
    nullable = False
    args = typing.get_args(hint)
    if type(None) in args:  # Optional[X] / X | None
        nullable = True
        rest = [a for a in args if a is not type(None)]
        hint = rest[0] if len(rest) == 1 else hint
    if isinstance(hint, type) and issubclass(hint, Serializable):
        return None, hint, nullable
    if hint in _SIMPLE_TYPES:
        return _SIMPLE_TYPES[hint], None, nullable
    if typing.get_origin(hint) is list and typing.get_args(hint)[0] in _SIMPLE_TYPES:
        return pa.list_(_SIMPLE_TYPES[typing.get_args(hint)[0]]), None, nullable
    raise InvalidRequestError(
        f"{owner}.{name}: cannot infer an Arrow type from {hint!r}; use arrow_field(...)"
    )


def _declared_struct(cls: type) -> pa.StructType | None:
    """The layout a model written for the official client declares, if any."""
    declared = cls.__dict__.get("__msco_pyarrow_struct__")
    return declared if isinstance(declared, pa.StructType) else None


def _take_mixin_fields(cls: type) -> None:
    """Copy the fields of mixins among the bases (see :mod:`.mixins`) into the class,
    after its own, unless a base model already has them."""
    inherited = {name for base in cls.__mro__[1:]
                 for name in getattr(base, "__dataclass_fields__", {})}
    own = cls.__dict__.get("__annotations__")
    for name, (annotation, field) in mixin_fields(cls).items():
        if name in inherited or (own is not None and name in own):
            continue
        if own is None:
            own = {}
            type.__setattr__(cls, "__annotations__", own)
        own[name] = annotation
        type.__setattr__(cls, name, field)


def _field_spec(cls: type, field: dataclasses.Field[Any], hints: dict[str, Any],
                declared: pa.StructType | None = None) -> FieldSpec:
    meta = field.metadata
    if ARROW_KEY in meta:
        arrow_type, model, nullable = meta[ARROW_KEY], meta[MODEL_KEY], meta[NULLABLE_KEY]
    elif declared is not None and declared.get_field_index(field.name) >= 0:
        # a model written for the official client: its struct gives the column, the
        # type hint the nested model (if any)
        column = declared.field(field.name)
        hint = hints.get(field.name)
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        nested = args[0] if len(args) == 1 and type(None) in typing.get_args(hint) else hint
        model = nested if isinstance(nested, type) and issubclass(nested, Serializable) else None
        return FieldSpec(field.name, column, model)
    else:
        arrow_type, model, nullable = _infer(hints.get(field.name), cls.__name__, field.name)
    if model is not None:
        arrow_type = model.model_spec().struct
    metadata = {"description": meta["description"]} if meta.get("description") else None
    arrow = pa.field(field.name, arrow_type, nullable=nullable, metadata=metadata)
    return FieldSpec(field.name, arrow, model)


class _QueryFields:
    """``Model.Q``: the model's queryable fields (see :mod:`mosaicolabs.domain.query`)."""

    def __get__(self, instance: object, owner: type[Serializable]) -> Any:
        from ..query.proxies import ModelQuery  # the query model builds on the ontology

        return ModelQuery(owner, owner.__ontology_tag__)


@dataclass_transform(kw_only_default=True, field_specifiers=(required_field,))
class Serializable(PydanticNames):
    """Base class of ontology models. Subclasses are keyword-only dataclasses.

    Class attributes:
        __ontology_tag__: Tag stored with the topic (default: snake_case class name).
        __serialization_format__: ``"default"``, ``"ragged"`` or ``"image"``.
    """

    __ontology_tag__: ClassVar[str]
    __serialization_format__: ClassVar[str] = "default"
    #: The class itself (the official client sets it on each model).
    __class_type__: ClassVar[type[Serializable]]
    #: Query fields: ``IMU.Q.acceleration.x.gt(5.0)``.
    Q: ClassVar[Any] = _QueryFields()
    _model_spec: ClassVar[ModelSpec | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__ontology_tag__" not in cls.__dict__:
            cls.__ontology_tag__ = _snake_case(cls.__name__)
        cls.__class_type__ = cls
        own_init = has_own_init(cls)
        _take_mixin_fields(cls)
        dataclasses.dataclass(cls, kw_only=True)  # in place: same class object
        if not own_init:
            install_checked_init(cls)
        cls._model_spec = None
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        clashes = ENVELOPE_NAMES & names
        if clashes:
            raise InvalidRequestError(
                f"{cls.__name__}: field names {sorted(clashes)} are reserved by the envelope"
            )
        declared = _declared_struct(cls)
        if declared is not None and set(declared.names) - names:
            raise TypeError(f"{cls.__name__}: __msco_pyarrow_struct__ names "
                            f"{sorted(set(declared.names) - names)}, which are not fields")
        _register(cls)

    @classmethod
    def model_spec(cls) -> ModelSpec:
        """The model's Arrow layout (computed on first use)."""
        spec = cls.__dict__.get("_model_spec")
        if spec is None:
            fields_ = dataclasses.fields(cls)  # type: ignore[arg-type]
            declared = _declared_struct(cls)
            if declared is not None:  # its order first, then the mixins' fields
                order = {name: i for i, name in enumerate(declared.names)}
                fields_ = tuple(sorted(fields_, key=lambda f: order.get(f.name, len(order))))
            # Type hints are only needed for fields declared without arrow_field().
            needs_hints = any(ARROW_KEY not in f.metadata for f in fields_)
            hints = typing.get_type_hints(cls) if needs_hints else {}
            fields = tuple(_field_spec(cls, f, hints, declared) for f in fields_)
            spec = ModelSpec(fields)
            cls._model_spec = spec
        return spec

    @classmethod
    def arrow_fields(cls) -> list[pa.Field]:
        """The data columns this model adds after the envelope."""
        return [f.arrow for f in cls.model_spec().fields]

    @classmethod
    def arrow_struct(cls) -> pa.StructType:
        """The model as one Arrow struct type (its layout when nested)."""
        return cls.model_spec().struct

    @classmethod
    def ontology_tag(cls) -> str:
        """The tag the model is registered and stored under (e.g. ``"imu"``).

        Raises:
            AttributeError: on ``Serializable`` itself, which has no tag.
        """
        tag: str | None = getattr(cls, "__ontology_tag__", None)
        if tag is None:
            raise AttributeError(f"{cls.__name__} has no ontology tag (its subclasses have)")
        return tag

    @classmethod
    def is_registered(cls) -> bool:
        """Whether this class is the model registered under its tag."""
        return _REGISTRY.get(getattr(cls, "__ontology_tag__", "")) is cls

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain Python values (nested models as dicts)."""
        values: dict[str, Any] = dataclasses.asdict(self)  # type: ignore[call-overload]
        return values


def _register(cls: type[Serializable]) -> None:
    tag = cls.__ontology_tag__
    with _REGISTRY_LOCK:
        existing = _REGISTRY.get(tag)
        same = existing is None or (existing.__module__, existing.__qualname__) == (
            cls.__module__,
            cls.__qualname__,
        )
        # A redefinition of the same class (a reload, a test) replaces it; another
        # class must not silently take over a tag that data is stored under.
        if not same and existing is not None:
            raise InvalidRequestError(
                f"ontology tag {tag!r} is already used by {existing.__module__}."
                f"{existing.__qualname__}; set a different __ontology_tag__ on {cls.__name__}"
            )
        _REGISTRY[tag] = cls


def model_for_tag(tag: str) -> type[Serializable]:
    """The model registered under ``tag``.

    Raises:
        InvalidRequestError: if no model has that tag (import the module defining it).
    """
    model = _REGISTRY.get(tag)
    if model is None:
        raise InvalidRequestError(f"no ontology model is registered for tag {tag!r}")
    return model


def registered_tags() -> list[str]:
    """All registered ontology tags."""
    with _REGISTRY_LOCK:
        return sorted(_REGISTRY)
