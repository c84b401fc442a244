"""Reading a data directory of the first format: one ``state.json`` rewritten on each change.

Its catalog becomes an :class:`~.persistence_codec.Image`; the directory is then
rewritten in the current format (see :mod:`.persistence`), and ``state.json``
removed once the new files are durable. The first format kept no checksums, so
each topic file's checksum, schema and time bounds are taken from the file as it
is found; a file that is missing or unreadable then is reported on reading.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from .journal import json_headroom
from .persistence_codec import Image
from .persistence_files import DataDirectoryError
from .persistence_topics import TopicFiles

__all__ = ["read_legacy"]

_TOPIC_FIELDS = ("uuid", "locator", "session_uuid", "ontology_tag", "user_metadata",
                 "created_at_ns", "completed_at_ns", "chunks_number", "total_bytes",
                 "serialization_format")


def read_legacy(path: Path, topics: TopicFiles) -> Image:
    """The catalog held by ``state.json`` (format 1). Raises DataDirectoryError."""
    try:
        with json_headroom():
            state = json.loads(path.read_bytes())
    except OSError as exc:
        raise DataDirectoryError(f"{path} cannot be read: {exc.strerror or exc}") from None
    except (ValueError, RecursionError) as exc:
        raise DataDirectoryError(f"{path} is damaged ({exc}); refusing to start") from None
    if not isinstance(state, dict) or state.get("format") != 1:
        found = state.get("format") if isinstance(state, dict) else None
        raise DataDirectoryError(f"{path} is damaged or of an unknown format ({found!r})")
    try:
        return _convert(state, topics)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise DataDirectoryError(f"{path} is damaged: malformed entry ({exc!r})") from None


def _convert(state: dict[str, Any], topics: TopicFiles) -> Image:
    image = Image()
    for raw in state.get("sequences", []):
        name = raw["name"]
        image.apply(["put", "sequence", name, {"name": name, "user_metadata": raw["user_metadata"],
                                               "created_at_ns": raw["created_at_ns"]}])
        image.apply(["links", "sequence", name, list(raw["session_uuids"])])
        image.apply(["notes", "sequence", name, list(raw["notifications"])])
    for raw in state.get("sessions", []):
        fields = {key: raw[key] for key in ("uuid", "sequence_name", "created_at_ns",
                                            "completed_at_ns")}
        image.apply(["put", "session", raw["uuid"], fields])
        image.apply(["links", "session", raw["uuid"], list(raw["topic_locators"])])
    for raw in state.get("topics", []):
        fields = {key: raw[key] for key in _TOPIC_FIELDS}
        fields["chunk_runs"] = raw.get("chunk_runs")  # absent in directories from before chunks
        fields.update(_file_facts(raw["uuid"], raw["completed_at_ns"] is not None, topics))
        image.apply(["put", "topic", raw["locator"], fields])
        image.apply(["notes", "topic", raw["locator"], list(raw["notifications"])])
    image.keys = list(state.get("keys", []))
    return image


def _file_facts(uuid: str, completed: bool, topics: TopicFiles) -> dict[str, Any]:
    """Schema, time range and checksum of a completed topic's file, as found."""
    facts = topics.inspect(uuid) if completed else None
    if facts is None:
        return {"schema": None, "time_range": None, "file": None}
    schema, bounds, stored = facts
    return {
        "schema": base64.b64encode(schema.serialize().to_pybytes()).decode("ascii"),
        "time_range": None if bounds is None else [bounds.start_ns, bounds.end_ns],
        "file": {"sha256": stored.sha256, "size": stored.size},
    }
