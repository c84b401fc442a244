"""Output of the ``mosaico`` command: aligned tables for people, JSON for scripts.

Human output uses sizes in binary units and times as UTC ISO 8601 with up to
nanosecond precision. JSON output is one document on stdout and nothing else,
so ``mosaico ls --json | jq`` always works; notes and progress go to stderr.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

__all__ = [
    "emit_json",
    "format_duration",
    "format_size",
    "format_time",
    "iso_time",
    "note",
    "print_fields",
    "print_table",
]

_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def format_size(size: int | None) -> str:
    """``1536`` → ``"1.5 KiB"``; ``None`` → ``"-"``."""
    if size is None:
        return "-"
    value = float(size)
    for unit in _UNITS:
        if abs(value) < 1024 or unit == _UNITS[-1]:
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def iso_time(ns: int | None) -> str | None:
    """Nanoseconds since the epoch as UTC ISO 8601 (``...T12:00:00.000000001Z``).

    The fraction keeps nanoseconds but drops trailing zero groups, so whole
    seconds print short and nothing is lost when they are not whole.
    """
    if ns is None:
        return None
    seconds, fraction = divmod(int(ns), 1_000_000_000)
    text = datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    if fraction:
        digits = f"{fraction:09d}"
        while digits.endswith("000"):
            digits = digits[:-3]
        text += "." + digits
    return text + "Z"


def format_time(ns: int | None) -> str:
    """Like :func:`iso_time`, with ``"-"`` for a missing time."""
    return iso_time(ns) or "-"


def format_duration(start_ns: int | None, end_ns: int | None) -> str:
    """Length of ``[start, end]`` in a readable unit, ``"-"`` if unknown."""
    if start_ns is None or end_ns is None:
        return "-"
    seconds = (end_ns - start_ns) / 1e9
    if seconds < 1:
        return f"{seconds * 1000:.3g} ms"
    if seconds < 120:
        return f"{seconds:.3g} s"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s"


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Columns aligned on the widest cell; the last column is not padded (no trailing blanks)."""
    cells = [[str(c) for c in headers]] + [["-" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        padded = [cell.ljust(width) for cell, width in zip(row[:-1], widths[:-1], strict=True)]
        print("  ".join([*padded, row[-1]]))


def print_fields(pairs: Iterable[tuple[str, Any]]) -> None:
    """``name  value`` lines, values aligned; dicts and lists print as compact JSON."""
    pairs = list(pairs)
    width = max((len(name) for name, _ in pairs), default=0)
    for name, value in pairs:
        if isinstance(value, (dict, list)):
            value = json.dumps(value, sort_keys=True, default=str)
        print(f"{name.ljust(width)}  {'-' if value is None else value}")


def emit_json(document: Any) -> None:
    """Write one JSON document to stdout (values JSON cannot hold become strings)."""
    json.dump(document, sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")


def note(message: str) -> None:
    """A remark for the user on stderr, so it never mixes with data on stdout."""
    print(f"mosaico: note: {message}", file=sys.stderr)
