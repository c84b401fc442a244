"""Small text and dict helpers behind the official package's ``mosaicolabs.helpers``.

Name cleaning here is lenient (nothing is validated); the checked forms are in
:mod:`mosaicolabs.domain.names`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import fields, is_dataclass
from pathlib import PurePosixPath
from typing import Any, Iterable

__all__ = [
    "camel_to_snake",
    "encode_to_dict",
    "flatten_dict",
    "pack_topic_resource_name",
    "sanitize_sequence_name",
    "sanitize_topic_name",
    "truncate_long_strings",
    "unflatten_dict",
    "unpack_topic_full_path",
]

_WORD_START = re.compile(r"(.)([A-Z][a-z]+)")
_DIGITS_INSIDE = re.compile(r"([A-z]+)([0-9]+)([A-z]+)")


def camel_to_snake(name: str) -> str:
    """``"LidarPolar2DDetection"`` -> ``"lidar_polar_2d_detection"``.

    An ``_`` goes before each capitalised word and around a run of digits inside a word;
    then everything is lower-cased.
    """
    return _DIGITS_INSIDE.sub(r"\1_\2_\3", _WORD_START.sub(r"\1_\2", name)).lower()


def sanitize_sequence_name(name: str) -> str:
    """``name`` without surrounding ``/``."""
    return name.strip("/")


def sanitize_topic_name(name: str) -> str:
    """``name`` with exactly one leading ``/`` and no trailing one."""
    return "/" + name.strip("/")


def pack_topic_resource_name(sequence_name: str, topic_name: str) -> str:
    """``"<sequence>/<topic>"``: leading ``/`` of both parts dropped, the path normalised."""
    return str(PurePosixPath(sequence_name.lstrip("/")) / topic_name.lstrip("/"))


def unpack_topic_full_path(topic_path: str) -> tuple[str, str] | None:
    """``"seq/a/b"`` -> ``("seq", "/a/b")``; ``None`` when there is no topic part."""
    sequence, sep, topic = topic_path.strip("/").partition("/")
    if not sep:
        return None
    return sequence, sanitize_topic_name(topic)


def flatten_dict(d: dict[str, Any], parent_key: str = "", sep: str = ".") -> dict[str, str]:
    """Nested dicts -> one level, keys joined with ``sep``, leaf values as ``str()``.

    ``parent_key`` is put in front of every key as is (add ``sep`` yourself).
    """
    flat: dict[str, str] = {}
    for key, value in d.items():
        path = parent_key + key
        if isinstance(value, dict):
            flat.update(flatten_dict(value, path + sep, sep=sep))
        else:
            flat[path] = str(value)
    return flat


def _literal(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return value


def unflatten_dict(d: dict[str, Any], sep: str = ".") -> dict[str, Any]:
    """The inverse of :func:`flatten_dict`: Python literals in strings are decoded."""
    nested: dict[str, Any] = {}
    for path, value in d.items():
        *parents, leaf = path.split(sep)
        node = nested
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = _literal(value)
    return nested


def encode_to_dict(obj: Any, exclude_none: bool = False) -> Any:
    """Models (``model_dump()``) and dataclass instances as dicts, through lists and tuples.

    Args:
        obj: Anything; other values are returned unchanged.
        exclude_none: Leave out fields whose value is ``None``.
    """
    if obj is None:
        return None
    dump = getattr(obj, "model_dump", None)
    if callable(dump) and not isinstance(obj, type):
        return dump(exclude_none=exclude_none)
    if is_dataclass(obj) and not isinstance(obj, type):
        values = {f.name: getattr(obj, f.name) for f in fields(obj)}
        return {key: encode_to_dict(value, exclude_none=exclude_none)
                for key, value in values.items()
                if not key.startswith("_") and not (exclude_none and value is None)}
    if isinstance(obj, (list, tuple)):
        return type(obj)(encode_to_dict(item, exclude_none=exclude_none) for item in obj)
    return obj


def truncate_long_strings(data: Any, max_length: int = 100) -> Any:
    """Strings longer than ``max_length`` cut to it plus ``"..."``, through containers."""
    if isinstance(data, str):
        return data if len(data) <= max_length else data[:max_length] + "..."
    if isinstance(data, dict):
        return {key: truncate_long_strings(value, max_length) for key, value in data.items()}
    if isinstance(data, Iterable):
        rebuild: Any = type(data)
        return rebuild(truncate_long_strings(item, max_length) for item in data)
    return data
