"""Messages to record batches and back, column by column.

Writing keeps the pushed ``Message`` objects and pivots them into one Arrow
array per column at flush time (one pass per leaf, no per-row Arrow objects).
Reading converts each column to Python once and builds the model objects
without running their ``__init__`` (the values are already typed by Arrow).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from operator import attrgetter
from typing import Any, Generator, Sequence

import pyarrow as pa

from ..errors import InvalidRequestError
from .message import ENVELOPE_FIELDS, Message
from .serializable import FieldSpec, Serializable

__all__ = ["batch_to_messages", "column_values", "gc_paused", "messages_to_batch"]

_ENVELOPE = tuple(f.name for f in ENVELOPE_FIELDS)
_new = object.__new__


_NONE_TYPE = type(None)


def _has_none(values: list[Any]) -> bool:
    # By type, in C: ``None in values`` would call each model's __eq__ in Python, and a
    # set of ids would hash every row; the set of types has one or two members.
    return _NONE_TYPE in set(map(type, values))


def _missing_required(values: list[Any], hidden: list[bool] | None) -> bool:
    if not _has_none(values):
        return False
    if hidden is None:
        return True
    return any(v is None and not h for v, h in zip(values, hidden, strict=True))


def _array(
    values: list[Any], spec: FieldSpec, path: str, hidden: list[bool] | None = None
) -> pa.Array:
    """One Arrow array for a field; ``hidden`` marks rows whose parent struct is null."""
    if not spec.arrow.nullable and _missing_required(values, hidden):
        raise InvalidRequestError(
            f"field {path!r} is required but a record has None", resource=path
        )
    if spec.model is None:
        try:
            return pa.array(values, type=spec.arrow.type)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError) as exc:
            raise InvalidRequestError(
                f"field {path!r} expects {spec.arrow.type}: {exc}", resource=path
            ) from None
    mask = None
    kinds = set(map(type, values))
    if kinds == {_NONE_TYPE}:  # an optional struct never set
        return pa.nulls(len(values), spec.arrow.type)
    if hidden is None and _NONE_TYPE not in kinds:
        fast = _flat_struct(values, kinds, spec)
        if fast is not None:
            return fast
    if _NONE_TYPE in kinds:
        nulls = [v is None for v in values]
        hidden = nulls if hidden is None else [a or b for a, b in zip(nulls, hidden, strict=True)]
        mask = pa.array(nulls, pa.bool_())
        stand_in = _PLACEHOLDER.get(spec.model) or _placeholder(spec.model)
        values = [stand_in if v is None else v for v in values]
    # The distinct types (usually one), not every row, go through issubclass.
    if not all(issubclass(kind, spec.model) for kind in set(map(type, values))):
        wrong = next(v for v in values if not isinstance(v, spec.model))
        raise InvalidRequestError(
            f"field {path!r} expects {spec.model.__name__}, got {type(wrong).__name__}",
            resource=path,
        )
    specs = spec.model.model_spec().fields
    children = [
        _array(list(map(attrgetter(c.name), values)), c, f"{path}.{c.name}", hidden)
        for c in specs
    ]
    return pa.StructArray.from_arrays(children, fields=[c.arrow for c in specs], mask=mask)


#: Per flat model (every field a leaf, two or more): one getter of all its fields, and
#: the positions of its non-nullable fields. ``None`` for the other models.
_FLAT: dict[type, tuple[attrgetter[Any], tuple[int, ...]] | None] = {}


def _flat_plan(model: type[Serializable]) -> tuple[attrgetter[Any], tuple[int, ...]] | None:
    fields = model.model_spec().fields
    plan = None
    if len(fields) > 1 and all(f.model is None for f in fields):
        plan = (attrgetter(*(f.name for f in fields)),
                tuple(i for i, f in enumerate(fields) if not f.arrow.nullable))
    _FLAT[model] = plan
    return plan


def _flat_struct(values: list[Any], kinds: set[type], spec: FieldSpec) -> pa.Array | None:
    """A struct column of a flat model with no None row, in one pass: the rows as
    tuples, converted by Arrow's struct converter (the same per-field conversion as
    the general path). ``None`` when this does not apply or a value does not fit:
    the general path then builds the column or raises its usual error."""
    model = spec.model
    assert model is not None
    plan = _FLAT[model] if model in _FLAT else _flat_plan(model)
    if plan is None or not all(issubclass(kind, model) for kind in kinds):
        return None
    getter, required_at = plan
    try:
        # One tuple per row, all released before the collector runs again: they
        # trigger no collection (which would scan them, and every live object).
        with gc_paused():
            array = pa.array(list(map(getter, values)), type=spec.arrow.type)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError, ValueError):
        return None
    if not isinstance(array, pa.StructArray) or any(
            array.field(i).null_count for i in required_at):
        return None  # a required field is None (or an unusual result): the general path
    return array


_PLACEHOLDER: dict[type, Any] = {}


def _placeholder(model: type[Serializable]) -> Any:
    # Stand-in for a null struct slot: every attribute None (children may be
    # non-nullable, but a masked slot's children are never read).
    obj = _new(model)
    obj.__dict__.update(dict.fromkeys(model.model_spec().names))
    for child in model.model_spec().fields:
        if child.model is not None:
            obj.__dict__[child.name] = _placeholder(child.model)
    _PLACEHOLDER[model] = obj
    return obj


def messages_to_batch(
    model: type[Serializable], messages: Sequence[Message], schema: pa.Schema
) -> pa.RecordBatch:
    """Pivot messages of one model into a record batch with ``schema``.

    Raises:
        InvalidRequestError: naming the field whose values do not fit its type.
    """
    columns: list[pa.Array] = []
    for field in ENVELOPE_FIELDS:
        values = list(map(attrgetter(field.name), messages))
        spec = FieldSpec(field.name, field)
        columns.append(_array(values, spec, field.name))
    datas = [m.data for m in messages]
    for spec in model.model_spec().fields:
        columns.append(_array(list(map(attrgetter(spec.name), datas)), spec, spec.name))
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def _wrap(cls: type, dicts: list[Any]) -> list[Any]:
    """Turn dicts (or None) into model instances without running ``__init__``."""
    objects: list[Any] = []
    append = objects.append
    for values in dicts:
        if values is None:
            append(None)
        else:
            obj: Any = _new(cls)
            obj.__dict__ = values  # the dict was made for this row alone: adopt it
            append(obj)
    return objects


def column_values(array: pa.Array, spec: FieldSpec) -> list[Any]:
    """Python values of one column; struct columns become model instances (or None)."""
    if spec.model is None:
        values: list[Any] = array.to_pylist()
        return values
    specs = spec.model.model_spec().fields
    if all(child.model is None for child in specs):
        # Flat struct: Arrow builds one dict per row in C++, the fastest path there is.
        return _wrap(spec.model, array.to_pylist())
    names = [c.name for c in specs]
    children = [column_values(array.field(i), child) for i, child in enumerate(specs)]
    valid = array.is_valid().to_pylist() if array.null_count else None
    rows = (dict(zip(names, row, strict=True)) for row in zip(*children, strict=True))
    if valid is None:
        return _wrap(spec.model, list(rows))
    return _wrap(spec.model, [row if ok else None for row, ok in zip(rows, valid, strict=True)])


@contextmanager
def gc_paused() -> Generator[None, None, None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    Decoding allocates several objects per row; without this, collections
    triggered every few hundred allocations triple the decode time. The
    objects built here hold no reference cycles, so nothing is leaked.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def batch_to_messages(model: type[Serializable], batch: pa.RecordBatch) -> list[Message]:
    """Decode a record batch of a topic into messages holding ``model`` instances.

    Columns are matched by name; envelope columns missing from the batch read as None.

    Raises:
        InvalidRequestError: if a model column is missing from the batch.
    """
    n = batch.num_rows
    envelope = [
        batch.column(name).to_pylist() if name in batch.schema.names else [None] * n
        for name in _ENVELOPE
    ]
    specs = model.model_spec().fields
    missing = [s.name for s in specs if s.name not in batch.schema.names]
    if missing:
        raise InvalidRequestError(f"data does not fit {model.__name__}: missing columns {missing}")
    names = [s.name for s in specs]
    with gc_paused():
        if all(s.model is None for s in specs):  # flat model: one C++ dict per row
            rows = batch.select(names).to_pylist()
        else:
            columns = [column_values(batch.column(s.name), s) for s in specs]
            rows = [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
        datas = _wrap(model, rows)
        stamps, recorded, frames, counters = envelope
        return [Message(ts, data, rts, fid, sid) for ts, data, rts, fid, sid
                in zip(stamps, datas, recorded, frames, counters, strict=True)]
