"""Plumbing shared by the scenario scripts. Runs ONLY in the official package's venv.

Scenario scripts are written against the official ``mosaicolabs`` 0.3.2 API. Each
prints one JSON object on its last line of output. Values are made JSON-able by
:func:`to_json`: bytes become ``{"$hex": "..."}``, enums their value, datetimes ISO
text, pydantic models and dataclasses dicts.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import enum
import json
import sys
from typing import Any, Callable

from mosaicolabs import Message, MosaicoClient
from mosaicolabs.models.serializable import Serializable


def parse_args(*extra: tuple[str, dict]) -> argparse.Namespace:
    """Common options (``--host``, ``--port``, ``--api-key``) plus ``extra`` ones."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api-key", default=None)
    for name, options in extra:
        parser.add_argument(name, **options)
    return parser.parse_args()


def connect(args: argparse.Namespace, api_key: str | None = None) -> MosaicoClient:
    """Connect with the given key (default: ``--api-key``)."""
    key = api_key if api_key is not None else args.api_key
    return MosaicoClient.connect(args.host, args.port, api_key=key)


def to_json(value: Any) -> Any:
    """A JSON-able copy of ``value`` (see the module docstring)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$hex": bytes(value).hex()}
    if isinstance(value, enum.Enum):
        return to_json(value.value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return to_json(value.model_dump())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_json({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [to_json(v) for v in value]
    if isinstance(value, float) and value != value:
        return "NaN"
    return value


def from_json(value: Any) -> Any:
    """Undo the ``{"$hex": ...}`` encoding of :func:`to_json`."""
    if isinstance(value, dict):
        if set(value) == {"$hex"}:
            return bytes.fromhex(value["$hex"])
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


def message_json(message: Message) -> dict:
    """A message as ``{timestamp_ns, recording_timestamp_ns, frame_id, sequence_id, data}``."""
    return {
        "timestamp_ns": message.timestamp_ns,
        "recording_timestamp_ns": message.recording_timestamp_ns,
        "frame_id": message.frame_id,
        "sequence_id": message.sequence_id,
        "data": to_json(message.data),
    }


def registry() -> dict[str, type]:
    """Every ontology class the official package defines, by tag."""
    found: dict[str, type] = {}
    pending = list(Serializable.__subclasses__())
    while pending:
        cls = pending.pop()
        found[cls.__ontology_tag__] = cls
        pending.extend(cls.__subclasses__())
    return found


def error_json(exc: BaseException) -> dict:
    """Exception type, its classes (MRO names), message and chained cause."""
    out = {
        "error": type(exc).__name__,
        "kinds": [c.__name__ for c in type(exc).__mro__],
        "message": str(exc)[:800],
    }
    if exc.__cause__ is not None:
        out["cause"] = {"error": type(exc.__cause__).__name__, "message": str(exc.__cause__)[:400]}
    return out


def attempt(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> dict:
    """``{"ok": <result as JSON>}``, or the :func:`error_json` of what it raised."""
    try:
        return {"ok": to_json(fn(*args, **kwargs))}
    except Exception as exc:  # noqa: BLE001 - every failure is a result to report
        return error_json(exc)


def emit(result: Any) -> None:
    """Print ``result`` as the script's last line of output."""
    sys.stdout.write("\n" + json.dumps(to_json(result), sort_keys=True) + "\n")
    sys.stdout.flush()


def topic_facts(handler: Any) -> dict:
    """The metadata properties of an official ``TopicHandler``."""
    names = ("name", "sequence_name", "ontology_tag", "serialization_format", "user_metadata",
             "created_timestamp", "locked", "chunks_number", "total_size_bytes",
             "timestamp_ns_min", "timestamp_ns_max")
    return {name: to_json(getattr(handler, name)) for name in names}


def sequence_facts(handler: Any) -> dict:
    """The metadata properties of an official ``SequenceHandler``."""
    names = ("name", "topics", "user_metadata", "created_timestamp", "updated_timestamps",
             "total_size_bytes", "timestamp_ns_min", "timestamp_ns_max", "sessions")
    return {name: to_json(getattr(handler, name)) for name in names}


def query_json(response: Any) -> Any:
    """A ``QueryResponse`` as ``[{"sequence", "topics": [[name, [start, end] | None]]}]``."""
    if response is None:
        return None
    return [
        {"sequence": item.sequence.name,
         "topics": [[t.name, None if t.timestamp_range is None
                     else [t.timestamp_range.start, t.timestamp_range.end]]
                    for t in item.topics]}
        for item in response
    ]
