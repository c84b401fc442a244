"""Keeping the engine's state in a data directory, so a restarted server has it all.

Layout: ``state.json`` (catalog, notifications, API-key digests) and one Arrow IPC
file per completed topic under ``topics/``. Every file is written to a temporary
name, flushed with fsync and renamed over the old one, then the directory is
synced: a crash leaves either the old or the new version, never half a file.
A topic's data file is made durable *before* the catalog marks it locked, so an
acknowledged upload is never lost; an upload that never completed is never
written at all. Tokens are not stored, only their SHA-256 digests.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from mosaicolabs.domain.errors import ServerError
from mosaicolabs.domain.notifications import NotificationType
from mosaicolabs.domain.policies import SerializationFormat

from .records import NotificationRecord, SequenceRecord, SessionRecord, TopicRecord

__all__ = ["DataDirectory", "dump_records", "load_records"]

_FORMAT = 1


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DataDirectory:
    """Atomic, durable files under one directory."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        (self.path / "topics").mkdir(parents=True, exist_ok=True)

    def _replace(self, target: Path, write: Any) -> None:
        temporary = target.with_name(target.name + ".tmp")
        try:
            with open(temporary, "wb") as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
            _sync_dir(target.parent)
        except OSError as exc:  # full disk, read-only volume …: the change is refused
            temporary.unlink(missing_ok=True)
            raise ServerError(f"could not persist {target.name}: {exc}") from exc

    def save_state(self, state: dict[str, Any]) -> None:
        """Replace ``state.json``."""
        data = json.dumps({"format": _FORMAT, **state}, separators=(",", ":")).encode()
        self._replace(self.path / "state.json", lambda h: h.write(data))

    def load_state(self) -> dict[str, Any] | None:
        """The saved state, or ``None`` for a new directory."""
        path = self.path / "state.json"
        if not path.exists():
            return None
        return json.loads(path.read_bytes())

    def write_topic(self, uuid: str, table: pa.Table) -> None:
        """Store a completed topic's rows (Arrow IPC file)."""
        def write(handle: Any) -> None:
            with pa.ipc.new_file(handle, table.schema) as writer:
                writer.write_table(table)

        self._replace(self.path / "topics" / f"{uuid}.arrow", write)

    def read_topic(self, uuid: str) -> pa.Table | None:
        """A stored topic's rows (memory-mapped), or ``None`` if it has no file."""
        path = self.path / "topics" / f"{uuid}.arrow"
        if not path.exists():
            return None
        return pa.ipc.open_file(pa.memory_map(str(path))).read_all()

    def remove_unreferenced(self, uuids: set[str]) -> None:
        """Delete data files of topics that no longer exist (and stray temp files)."""
        for path in (self.path / "topics").iterdir():
            if path.stem not in uuids or path.suffix == ".tmp":
                path.unlink(missing_ok=True)


def _notes(records: list[NotificationRecord]) -> list[dict[str, Any]]:
    return [{"locator": n.locator, "message": n.message, "created_at_ns": n.created_at_ns}
            for n in records]


def _topic_dict(topic: TopicRecord) -> dict[str, Any]:
    keep = ("uuid", "locator", "session_uuid", "ontology_tag", "user_metadata", "created_at_ns",
            "completed_at_ns", "chunks_number", "total_bytes")
    out = {key: getattr(topic, key) for key in keep}
    out["serialization_format"] = topic.serialization_format.value
    out["notifications"] = _notes(topic.notifications)
    out["chunk_runs"] = _runs(topic.chunk_ids)
    return out


def _runs(ids: pa.Array | None) -> dict[str, list[int]] | None:
    """Chunk numbers as runs (few for uploads that arrive in time order)."""
    if ids is None:
        return None
    encoded = pc.run_end_encode(ids)
    return {"ends": encoded.run_ends.to_pylist(), "values": encoded.values.to_pylist()}


def _unruns(runs: dict[str, list[int]] | None) -> pa.Array | None:
    if runs is None:
        return None
    ends, values = pa.array(runs["ends"], pa.int32()), pa.array(runs["values"], pa.int32())
    return pc.run_end_decode(pa.RunEndEncodedArray.from_arrays(ends, values))


def dump_records(sequences: dict[str, SequenceRecord], sessions: dict[str, SessionRecord],
                 topics: dict[str, TopicRecord]) -> dict[str, Any]:
    """The catalog as JSON-ready data (completed topics only carry data files)."""
    return {
        "sequences": [{"name": s.name, "user_metadata": s.user_metadata,
                       "created_at_ns": s.created_at_ns, "session_uuids": s.session_uuids,
                       "notifications": _notes(s.notifications)} for s in sequences.values()],
        "sessions": [asdict(s) for s in sessions.values()],
        "topics": [_topic_dict(t) for t in topics.values()],
    }


def _load_notes(raw: list[dict[str, Any]]) -> list[NotificationRecord]:
    return [NotificationRecord(n["locator"], n["message"], n["created_at_ns"],
                               NotificationType.ERROR) for n in raw]


def load_records(state: dict[str, Any], disk: DataDirectory) -> tuple[dict, dict, dict]:
    """Rebuild sequences, sessions and topics; topic tables come from their files."""
    sequences = {s["name"]: SequenceRecord(s["name"], s["user_metadata"], s["created_at_ns"],
                                           list(s["session_uuids"]),
                                           _load_notes(s["notifications"]))
                 for s in state.get("sequences", [])}
    sessions = {s["uuid"]: SessionRecord(**s) for s in state.get("sessions", [])}
    topics = {}
    for raw in state.get("topics", []):
        raw = dict(raw)
        notes = _load_notes(raw.pop("notifications"))
        fmt = SerializationFormat(raw.pop("serialization_format"))
        ids = _unruns(raw.pop("chunk_runs", None))  # absent in directories from before chunks
        record = TopicRecord(serialization_format=fmt, notifications=notes, chunk_ids=ids, **raw)
        table = disk.read_topic(record.uuid) if record.completed_at_ns is not None else None
        if table is not None:
            record.schema, record.table = table.schema, table
        topics[record.locator] = record
    return sequences, sessions, topics
