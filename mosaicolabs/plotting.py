"""Render a topic's numeric fields over time to a PNG (needs the ``plot`` extra: matplotlib).

Example::

    from mosaicolabs.plotting import plot_topic
    plot_topic(client.topic_handler("drive", "/sensors/imu"), "imu.png",
               fields=["acceleration.x", "acceleration.y"])
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from mosaicolabs.application.tables import flatten

__all__ = ["numeric_fields", "plot_topic"]

_ENVELOPE = {"timestamp_ns", "recording_timestamp_ns", "sequence_id"}


def numeric_fields(table: pa.Table) -> list[str]:
    """Flat names of the numeric data columns of a topic table."""
    flat = flatten(table)
    return [f.name for f in flat.schema if f.name not in _ENVELOPE
            and (pa.types.is_integer(f.type) or pa.types.is_floating(f.type))
            and flat.column(f.name).null_count < flat.num_rows]


def _pyplot() -> Any:
    try:
        import matplotlib
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            "plotting needs matplotlib: pip install 'mosaico-hexclient[plot]'") from exc
    matplotlib.use("Agg")  # files only: never open a window or need a display
    import matplotlib.pyplot as plt

    return plt


def plot_topic(handler: Any, path: str | Path, *, fields: list[str] | None = None,
               start_timestamp_ns: int | None = None, end_timestamp_ns: int | None = None,
               title: str | None = None) -> Path:
    """Plot numeric fields of a topic against time (seconds from the first row).

    Args:
        handler: A ``TopicHandler``.
        path: Where to write the PNG.
        fields: Flat field names (``"acceleration.x"``); default: every numeric field.

    Raises:
        ValueError: no rows in the range, or a field that is not numeric.
    """
    table = flatten(handler.to_arrow(start_timestamp_ns, end_timestamp_ns))
    if table.num_rows == 0:
        raise ValueError(f"{handler.name} has no rows in the requested range")
    available = numeric_fields(table)
    chosen = fields or available
    unknown = [f for f in chosen if f not in available]
    if unknown:
        raise ValueError(f"not numeric fields of {handler.name}: {unknown}; try {available}")
    stamps = table.column("timestamp_ns").to_pylist()
    seconds = [(t - stamps[0]) / 1e9 for t in stamps]
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(10, 4), dpi=100)
    for name in chosen:
        axes.plot(seconds, table.column(name).to_pylist(), label=name, linewidth=1)
    axes.set_xlabel("seconds since first sample")
    axes.set_title(title or f"{handler.sequence_name} {handler.name}")
    axes.grid(True, alpha=0.3)
    axes.legend(loc="upper right")
    target = Path(path)
    figure.savefig(target, bbox_inches="tight")
    plt.close(figure)
    return target
