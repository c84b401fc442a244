"""``.Q`` proxies: attribute paths that name queryable fields.

``IMU.Q.acceleration.x`` walks the model's Arrow layout and ends on a
:class:`FieldProxy` keyed ``"imu.acceleration.x"``; the envelope fields
(``IMU.Q.timestamp_ns`` …) are there too. ``Sequence.Q`` / ``Topic.Q`` name the
catalog fields of the sequence and topic blocks (``name``, ``created_timestamp``,
``user_metadata["a.b"]``).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from ..vocabulary.operators import arrow_kind
from .expressions import FieldKind, FieldProxy, UnknownFieldError

__all__ = ["SEQUENCE_Q", "TOPIC_Q", "CatalogQuery", "MetadataQuery", "ModelQuery", "kind_of"]

_ENVELOPE = {"timestamp_ns": pa.int64(), "recording_timestamp_ns": pa.int64(),
             "frame_id": pa.string(), "sequence_id": pa.uint32()}


def kind_of(data_type: pa.DataType) -> FieldKind:
    """The query kind of an Arrow column type (the vocabulary's :func:`arrow_kind`)."""
    return arrow_kind(data_type)


class ModelQuery:
    """Queryable fields of an ontology model (what ``Model.Q`` returns)."""

    def __init__(self, model: Any, prefix: str, *, root: bool = True) -> None:
        self._model = model
        self._prefix = prefix
        self._root = root

    def _names(self) -> list[str]:
        names = list(self._model.model_spec().names)
        return (list(_ENVELOPE) + names) if self._root else names

    def __getattr__(self, name: str) -> ModelQuery | FieldProxy:
        if name.startswith("_"):
            raise AttributeError(name)
        key = f"{self._prefix}.{name}"
        if self._root and name in _ENVELOPE:
            return FieldProxy(key, kind_of(_ENVELOPE[name]))
        for spec in self._model.model_spec().fields:
            if spec.name == name:
                if spec.model is not None:
                    return ModelQuery(spec.model, key, root=False)
                return FieldProxy(key, kind_of(spec.arrow.type),
                                  floating=pa.types.is_floating(spec.arrow.type))
        raise UnknownFieldError(
            f"{self._model.__name__} has no field {name!r} (fields: {', '.join(self._names())})",
            resource=key)

    def __dir__(self) -> list[str]:
        return self._names()

    def __repr__(self) -> str:
        return f"<query fields of {self._prefix}>"


class MetadataQuery:
    """``user_metadata["dotted.path"]`` of a sequence or topic block."""

    def __init__(self, scope: str) -> None:
        #: The block these fields belong to (``"sequence"`` or ``"topic"``).
        self.scope = scope

    def __getitem__(self, path: str) -> FieldProxy:
        # Checked at run time: untyped callers may pass anything.
        if not isinstance(path, str) or not path or path.startswith(".") or path.endswith("."):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise UnknownFieldError(f"invalid user_metadata path {path!r}", resource=str(path))
        return FieldProxy(f"user_metadata.{path}", FieldKind.METADATA, self.scope)


class CatalogQuery:
    """Catalog fields of the ``sequence`` or ``topic`` block (``Sequence.Q``, ``Topic.Q``)."""

    def __init__(self, scope: str, fields: dict[str, tuple[str, FieldKind]]) -> None:
        self._scope = scope
        self._fields = fields
        self.user_metadata = MetadataQuery(scope)

    def __getattr__(self, name: str) -> FieldProxy:
        if name.startswith("_") or name not in self._fields:
            raise UnknownFieldError(
                f"the {self._scope} block has no field {name!r} "
                f"(fields: {', '.join(sorted(self._fields))}, user_metadata[...])")
        key, kind = self._fields[name]
        return FieldProxy(key, kind, self._scope)

    def __dir__(self) -> list[str]:
        return sorted(self._fields) + ["user_metadata"]


_COMMON = {"name": ("locator", FieldKind.TEXT),
           "created_timestamp": ("created_at_ns", FieldKind.TIMESTAMP)}
SEQUENCE_Q = CatalogQuery("sequence", dict(_COMMON))
TOPIC_Q = CatalogQuery("topic", {**_COMMON, "ontology_tag": ("ontology_tag", FieldKind.TEXT),
                                 "serialization_format": ("serialization_format", FieldKind.TEXT)})
