"""Shaping Arrow tables for analysis tools: flat columns, pandas frames.

Topic tables nest models as struct columns (``acceleration: struct<x, y, z …>``).
Dataframe users want flat columns named by path (``acceleration.x``); lists and
binary blobs stay as Python objects. pandas is imported by pyarrow only when a
frame is asked for, so the library never loads it on its own.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:  # pragma: no cover - pandas is an optional extra
    import pandas as pd

__all__ = ["flatten", "to_pandas"]


def flatten(table: pa.Table) -> pa.Table:
    """Flatten struct columns (recursively) into ``parent.child`` columns."""
    while any(pa.types.is_struct(field.type) for field in table.schema):
        table = table.flatten()
    return table


def to_pandas(table: pa.Table, *, index: str | None = "timestamp_ns") -> pd.DataFrame:
    """A pandas DataFrame of ``table`` with flat columns, indexed by ``index``.

    Raises:
        ModuleNotFoundError: without pandas (install the ``pandas`` extra).
    """
    try:
        importlib.import_module("pandas")  # checked here for a clear message; pyarrow uses it
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            "to_pandas needs pandas: pip install 'mosaico-hexclient[pandas]'") from exc
    frame = flatten(table).to_pandas()
    if index and index in frame.columns:
        frame = frame.set_index(index)
    return frame
