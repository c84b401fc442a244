"""A :class:`~.message.Message` back from one row of a flattened table (a DataFrame row).

Tables that hold several topics side by side name each column
``{topic}.{tag}.{field}[.{subfield}...]``: the topic, the ontology tag of its model,
and the field's path in the model. A row holds one instant; a topic without a value
at that instant has only missing values (None/NaN) in its columns.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Protocol

from .registry import model_for_tag
from .serializable import Serializable

__all__ = ["message_parts"]

#: The envelope fields a row may carry under the topic's prefix.
_ENVELOPE = ("recording_timestamp_ns", "frame_id", "sequence_id")


class RowLike(Protocol):
    """What a row offers: a pandas ``Series`` or a plain mapping of column -> value."""

    def items(self) -> Any: ...


def _missing(value: Any) -> bool:
    """None, a float NaN (numpy's too) or pandas' NA/NaT."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return isinstance(value, float) and math.isnan(value) or (
            hasattr(value, "dtype") and getattr(value, "ndim", 1) == 0 and value != value)
    except (TypeError, ValueError):
        return False


def _plain(value: Any) -> Any:
    """A Python value: arrays and numpy scalars become lists and numbers, missing -> None."""
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [None if _missing(v) else v for v in value]
    return None if _missing(value) else value


def _nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for path, value in flat.items():
        *parents, leaf = path.split(".")
        here = nested
        for part in parents:
            here = here.setdefault(part, {})
        here[leaf] = value
    return nested


def _drop_empty(value: Any) -> Any:
    """Sub-dicts whose values are all missing become None (an absent nested model)."""
    if not isinstance(value, dict):
        return value
    cleaned = {k: _drop_empty(v) for k, v in value.items()}
    return None if all(v is None for v in cleaned.values()) else cleaned


def _tag_of(columns: list[str], prefix: str, timestamp_column: str) -> str | None:
    for column in columns:
        if column != timestamp_column and column.startswith(prefix):
            parts = column[len(prefix):].split(".")
            if len(parts) >= 2:
                return parts[0]
    return None


def message_parts(row: RowLike, topic_name: str, timestamp_column_name: str = "timestamp_ns",
                  ) -> tuple[int, Serializable, dict[str, Any]] | None:
    """The topic's message at this row as (timestamp, model, envelope fields), or ``None``
    when the row holds nothing of it. (The parts, not the ``Message``: the message module
    builds it, so neither module imports the other.)

    Returns ``None`` when no column belongs to ``topic_name``, when the timestamp is
    missing, or when every one of the topic's values is missing (the topic had no
    message at that instant).

    Raises:
        ValueError: the topic's columns do not name a tag (``{topic}.{tag}.{field}``).
        InvalidRequestError: no model is registered under the tag.
        ModelValidationError: the values do not make a valid model.
    """
    cells = {str(column): value for column, value in row.items()}
    prefix = f"{topic_name}."
    if not any(c.startswith(prefix) for c in cells if c != timestamp_column_name):
        return None
    tag = _tag_of(list(cells), prefix, timestamp_column_name)
    if tag is None:
        raise ValueError(f"the columns of topic {topic_name!r} name no ontology tag "
                         f"(expected '{topic_name}.<tag>.<field>')")
    timestamp = cells.get(timestamp_column_name)
    if timestamp is None or _missing(timestamp):
        return None
    fields = f"{prefix}{tag}."
    values = _drop_empty(_nest({c[len(fields):]: _plain(v) for c, v in cells.items()
                                if c.startswith(fields)}))
    if values is None:
        return None
    envelope = {name: values.pop(name) for name in _ENVELOPE if name in values}
    data = model_for_tag(tag).model_validate(values)
    return int(timestamp), data, envelope
