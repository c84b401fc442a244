"""The catalog as journal operations, and back.

Each operation is a JSON list; a journal record is ``{"ops": [...]}`` (one change of
the engine, all or nothing) and a snapshot holds one operation per record:

* ``["put", kind, key, fields]``: create the entity, or replace its own fields;
* ``["del", kind, key]``: delete it, with its links and notes;
* ``["links", kind, key, list]``: a sequence's session uuids, a session's topic locators;
* ``["notes", kind, key, list]``: the notifications of a sequence or a topic;
* ``["keys", list]``: the API keys (digests and revocation tombstones, never tokens).

Kinds are ``sequence`` (keyed by name), ``session`` (uuid), ``topic`` (locator) and
``layer`` (name; only ``put`` and ``del``: a changed layer is a new record).
Links and notes are apart from an entity's fields so that adding a session or a
notification never rewrites a sequence's metadata, however large. Replaying
operations in order rebuilds the state (:class:`Image`), which becomes records.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping

import pyarrow as pa
import pyarrow.compute as pc  # kernels by name: see query_columns._KERNELS

from mosaicolabs.domain.catalog import TimeRange
from mosaicolabs.domain.notifications import NotificationType
from mosaicolabs.domain.policies import SerializationFormat

from .layer_record import LayerRecord, restore_default_layer
from .persistence_tracking import ChangeSet
from .records import NotificationRecord, SequenceRecord, SessionRecord, StoredFile, TopicRecord

__all__ = ["KINDS", "Entity", "Image", "build_records", "change_ops", "state_ops"]

KINDS = ("sequence", "session", "topic", "layer")
Op = list[Any]
_LINKS = {"sequence": "session_uuids", "session": "topic_locators"}
_NOTED = ("sequence", "topic")  # the kinds that carry notifications


@dataclass
class Entity:
    """A stored sequence, session or topic: its own fields, links and notes."""

    fields: dict[str, Any]
    links: list[str] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Image:
    """The catalog as plain data, built by replaying operations."""

    entities: dict[str, dict[str, Entity]] = field(
        default_factory=lambda: {kind: {} for kind in KINDS})
    keys: list[dict[str, Any]] = field(default_factory=list)

    def apply(self, op: Any) -> None:
        """Apply one operation. Raises ValueError for one that is not well formed."""
        if not isinstance(op, list) or not op or not isinstance(op[0], str):
            raise ValueError(f"not an operation: {str(op)[:80]}")
        if op[0] == "keys" and len(op) == 2 and isinstance(op[1], list):
            self.keys = op[1]
            return
        if len(op) < 3 or op[1] not in KINDS or not isinstance(op[2], str):
            raise ValueError(f"malformed {op[0]!r} operation")
        verb, table, key, value = op[0], self.entities[op[1]], op[2], op[3:]
        if verb == "del" and not value:
            table.pop(key, None)
        elif verb == "put" and len(value) == 1 and isinstance(value[0], dict):
            if key in table:
                table[key].fields = value[0]
            else:
                table[key] = Entity(value[0])
        elif verb in ("links", "notes") and len(value) == 1 and isinstance(value[0], list):
            if key not in table:
                raise ValueError(f"{verb} of unknown {op[1]} {key!r}")
            setattr(table[key], verb, value[0])
        else:
            raise ValueError(f"malformed {verb!r} operation")


# -- records -> operations ---------------------------------------------------------------
def _identity(record: Any) -> tuple[str, str]:
    if isinstance(record, SequenceRecord):
        return "sequence", record.name
    if isinstance(record, SessionRecord):
        return "session", record.uuid
    return "topic", record.locator


def _fields(kind: str, record: Any) -> dict[str, Any]:
    if kind == "sequence":
        return {"name": record.name, "user_metadata": record.user_metadata,
                "created_at_ns": record.created_at_ns}
    if kind == "layer":
        return {"name": record.name, "description": record.description}
    if kind == "session":
        return {"uuid": record.uuid, "sequence_name": record.sequence_name,
                "created_at_ns": record.created_at_ns, "completed_at_ns": record.completed_at_ns}
    return _topic_fields(record)


def _topic_fields(topic: TopicRecord) -> dict[str, Any]:
    keep = ("uuid", "locator", "session_uuid", "ontology_tag", "user_metadata", "created_at_ns",
            "completed_at_ns", "chunks_number", "total_bytes")
    out = {key: getattr(topic, key) for key in keep}
    out["serialization_format"] = topic.serialization_format.value
    out["chunk_runs"] = _runs(topic.chunk_ids)
    out["schema"] = None if topic.schema is None else \
        base64.b64encode(topic.schema.serialize().to_pybytes()).decode("ascii")
    bounds = topic.time_bounds
    out["time_range"] = None if bounds is None else [bounds.start_ns, bounds.end_ns]
    stored = topic.stored
    out["file"] = None if stored is None else {"sha256": stored.sha256, "size": stored.size}
    return out


def _runs(ids: pa.Array | None) -> dict[str, list[int]] | None:
    """Chunk numbers as runs (few for uploads that arrive in time order)."""
    if ids is None:
        return None
    encoded = pc.call_function("run_end_encode", [ids])
    return {"ends": encoded.run_ends.to_pylist(), "values": encoded.values.to_pylist()}


def _notes(record: Any) -> list[dict[str, Any]]:
    return [{"locator": n.locator, "message": n.message, "created_at_ns": n.created_at_ns}
            for n in record.notifications]


def _entity_ops(kind: str, key: str, record: Any) -> Iterator[Op]:
    """The operations that store ``record`` whole."""
    yield ["put", kind, key, _fields(kind, record)]
    if kind in _LINKS and getattr(record, _LINKS[kind]):
        yield ["links", kind, key, list(getattr(record, _LINKS[kind]))]
    if kind in _NOTED and record.notifications:
        yield ["notes", kind, key, _notes(record)]


def _aspect_ops(kind: str, key: str, record: Any, names: set[str]) -> Iterator[Op]:
    """The operations that store what changed (``names``) in ``record``."""
    links = _LINKS.get(kind)
    if names - {"notifications", links}:
        yield ["put", kind, key, _fields(kind, record)]
    if links in names:
        yield ["links", kind, key, list(getattr(record, links))]
    if "notifications" in names:
        yield ["notes", kind, key, _notes(record)]


def change_ops(changes: ChangeSet, tables: Mapping[str, dict[str, Any]],
               keys: Callable[[], list[dict[str, Any]]]) -> list[Op]:
    """The operations that store what ``changes`` saw change (entries first)."""
    ops: list[Op] = []
    whole: set[int] = set()  # records written out whole: their aspects need nothing more
    for table, key, previous in changes.entries():
        current = dict.get(table, key)
        if current is previous:
            continue
        if previous is not None:
            ops.append(["del", table.kind, key])
        if current is not None:
            ops.extend(_entity_ops(table.kind, key, current))
            whole.add(id(current))
    for record, names in changes.records():
        kind, key = _identity(record)
        if id(record) not in whole and dict.get(tables[kind], key) is record:
            ops.extend(_aspect_ops(kind, key, record, names))
    if changes.keys_changed:
        ops.append(["keys", keys()])
    return ops


def state_ops(tables: Mapping[str, dict[str, Any]],
              keys: Callable[[], list[dict[str, Any]]]) -> Iterator[Op]:
    """Operations that store the whole state (for a snapshot)."""
    for kind in KINDS:
        for key, record in list(dict.items(tables[kind])):
            yield from _entity_ops(kind, key, record)
    yield ["keys", keys()]


# -- image -> records --------------------------------------------------------------------
def _load_notes(raw: list[dict[str, Any]]) -> list[NotificationRecord]:
    return [NotificationRecord(n["locator"], n["message"], n["created_at_ns"],
                               NotificationType.ERROR) for n in raw]


def _unruns(runs: dict[str, list[int]] | None) -> pa.Array | None:
    if runs is None:
        return None
    ends, values = pa.array(runs["ends"], pa.int32()), pa.array(runs["values"], pa.int32())
    return pc.call_function("run_end_decode", [pa.RunEndEncodedArray.from_arrays(ends, values)])


def _topic(entity: Entity) -> TopicRecord:
    raw = entity.fields
    schema = raw.get("schema")
    bounds, stored = raw.get("time_range"), raw.get("file")
    return TopicRecord(
        raw["uuid"], raw["locator"], raw["session_uuid"], raw["ontology_tag"],
        SerializationFormat(raw["serialization_format"]), raw["user_metadata"],
        raw["created_at_ns"], completed_at_ns=raw["completed_at_ns"],
        schema=None if schema is None else pa.ipc.read_schema(
            pa.py_buffer(base64.b64decode(schema))),
        chunks_number=raw["chunks_number"], total_bytes=raw["total_bytes"],
        notifications=_load_notes(entity.notes), chunk_ids=_unruns(raw.get("chunk_runs")),
        time_bounds=None if bounds is None else TimeRange(*bounds),
        stored=None if stored is None else StoredFile(stored["sha256"], stored["size"]),
    )


def build_records(image: Image) -> tuple[dict[str, SequenceRecord], dict[str, SessionRecord],
                                         dict[str, TopicRecord], dict[str, LayerRecord]]:
    """Records from ``image``. Raises KeyError, TypeError or ValueError if it is malformed.

    The default layer is put back when missing, as mosaicod does at start-up.
    """
    entities = image.entities
    sequences = {key: SequenceRecord(e.fields["name"], e.fields["user_metadata"],
                                     e.fields["created_at_ns"], list(e.links),
                                     _load_notes(e.notes))
                 for key, e in entities["sequence"].items()}
    sessions = {key: SessionRecord(e.fields["uuid"], e.fields["sequence_name"],
                                   e.fields["created_at_ns"], e.fields["completed_at_ns"],
                                   list(e.links))
                for key, e in entities["session"].items()}
    topics = {key: _topic(e) for key, e in entities["topic"].items()}
    layers = {key: LayerRecord(str(e.fields["name"]), str(e.fields["description"]))
              for key, e in entities["layer"].items()}
    restore_default_layer(layers)
    return sequences, sessions, topics, layers
