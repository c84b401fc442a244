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
"""

from __future__ import annotations

import dataclasses
import re
import threading
import typing
from dataclasses import dataclass
from typing import Any, ClassVar

import pyarrow as pa

from ..errors import InvalidRequestError
from .checked_init import has_own_init, install_checked_init
from .fields import ARROW_KEY, MODEL_KEY, NULLABLE_KEY

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


def _field_spec(cls: type, field: dataclasses.Field, hints: dict[str, Any]) -> FieldSpec:
    meta = field.metadata
    if ARROW_KEY in meta:
        arrow_type, model, nullable = meta[ARROW_KEY], meta[MODEL_KEY], meta[NULLABLE_KEY]
    else:
        arrow_type, model, nullable = _infer(hints.get(field.name), cls.__name__, field.name)
    if model is not None:
        arrow_type = model.model_spec().struct
    metadata = {"description": meta["description"]} if meta.get("description") else None
    arrow = pa.field(field.name, arrow_type, nullable=nullable, metadata=metadata)
    return FieldSpec(field.name, arrow, model)


class _QueryFields:
    """``Model.Q``: the model's queryable fields (see :mod:`mosaicolabs.domain.query`)."""

    def __get__(self, instance: object, owner: type) -> Any:
        from ..query.proxies import ModelQuery  # the query model builds on the ontology

        return ModelQuery(owner, owner.__ontology_tag__)  # type: ignore[attr-defined]


class Serializable:
    """Base class of ontology models. Subclasses are keyword-only dataclasses.

    Class attributes:
        __ontology_tag__: Tag stored with the topic (default: snake_case class name).
        __serialization_format__: ``"default"``, ``"ragged"`` or ``"image"``.
    """

    __ontology_tag__: ClassVar[str]
    __serialization_format__: ClassVar[str] = "default"
    #: Query fields: ``IMU.Q.acceleration.x.gt(5.0)``.
    Q: ClassVar[Any] = _QueryFields()
    _model_spec: ClassVar[ModelSpec | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__ontology_tag__" not in cls.__dict__:
            cls.__ontology_tag__ = _snake_case(cls.__name__)
        own_init = has_own_init(cls)
        dataclasses.dataclass(cls, kw_only=True)  # in place: same class object
        if not own_init:
            install_checked_init(cls)
        cls._model_spec = None
        clashes = ENVELOPE_NAMES & {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        if clashes:
            raise InvalidRequestError(
                f"{cls.__name__}: field names {sorted(clashes)} are reserved by the envelope"
            )
        _register(cls)

    @classmethod
    def model_spec(cls) -> ModelSpec:
        """The model's Arrow layout (computed on first use)."""
        spec = cls.__dict__.get("_model_spec")
        if spec is None:
            fields_ = dataclasses.fields(cls)  # type: ignore[arg-type]
            # Type hints are only needed for fields declared without arrow_field().
            needs_hints = any(ARROW_KEY not in f.metadata for f in fields_)
            hints = typing.get_type_hints(cls) if needs_hints else {}
            fields = tuple(_field_spec(cls, f, hints) for f in fields_)
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

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain Python values (nested models as dicts)."""
        return dataclasses.asdict(self)  # type: ignore[call-overload]


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
