"""Conversions between integer nanoseconds since the Unix epoch and datetimes."""

from __future__ import annotations

import time
from datetime import datetime, timezone

__all__ = ["datetime_to_ns", "now_ns", "ns_to_datetime"]


def now_ns() -> int:
    """Current wall-clock time in nanoseconds since the epoch."""
    return time.time_ns()


def ns_to_datetime(ns: int) -> datetime:
    """Convert nanoseconds since the epoch to an aware UTC datetime (microsecond precision)."""
    seconds, rest = divmod(int(ns), 1_000_000_000)
    return datetime.fromtimestamp(seconds, tz=timezone.utc).replace(microsecond=rest // 1000)


def datetime_to_ns(value: datetime) -> int:
    """Convert a datetime (naive means UTC) to nanoseconds since the epoch."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    delta = value - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1000
