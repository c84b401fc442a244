"""``Time``: a point in time as whole seconds plus nanoseconds within the second.

The value type behind the official package's ``mosaicolabs.types.Time``
(ROS-style ``seconds`` / ``nanoseconds``), with conversions to and from
floats, milliseconds, nanoseconds and ``datetime``.
"""

from __future__ import annotations

import math
import time as _clock
from dataclasses import dataclass
from datetime import datetime, timezone

__all__ = ["Time"]

_NS_PER_S = 1_000_000_000
_NS_PER_MS = 1_000_000


@dataclass(kw_only=True)
class Time:
    """Seconds since the Unix epoch plus a nanosecond part in ``[0, 1e9)``.

    Example: ``Time.from_nanoseconds(1_500_000_000)`` is
    ``Time(seconds=1, nanoseconds=500_000_000)``.

    Raises:
        ValueError: ``nanoseconds`` outside ``[0, 1e9)``.
    """

    seconds: int
    nanoseconds: int

    def __post_init__(self) -> None:
        self.seconds = int(self.seconds)
        self.nanoseconds = self.validate_nanosec(int(self.nanoseconds))

    @classmethod
    def validate_nanosec(cls, v: int) -> int:
        """``v`` when it is a valid nanosecond part (``0 <= v < 1e9``)."""
        if not 0 <= v < _NS_PER_S:
            raise ValueError(f"nanoseconds must be in [0, 1e9), got {v}")
        return v

    @classmethod
    def from_float(cls, ftime: float) -> Time:
        """From seconds since the epoch; the fraction is rounded to the nearest ns."""
        whole = math.floor(ftime)
        nanos = int(round((ftime - whole) * _NS_PER_S))
        if nanos >= _NS_PER_S:  # the fraction rounded up to a whole second
            whole, nanos = whole + 1, 0
        return cls(seconds=int(whole), nanoseconds=nanos)

    @classmethod
    def from_milliseconds(cls, total_milliseconds: int) -> Time:
        """From milliseconds since the epoch."""
        whole, millis = divmod(total_milliseconds, 1_000)
        return cls(seconds=whole, nanoseconds=millis * _NS_PER_MS)

    @classmethod
    def from_nanoseconds(cls, total_nanoseconds: int) -> Time:
        """From nanoseconds since the epoch (exact)."""
        whole, nanos = divmod(total_nanoseconds, _NS_PER_S)
        return cls(seconds=whole, nanoseconds=nanos)

    @classmethod
    def from_datetime(cls, dt: datetime) -> Time:
        """From a ``datetime`` (a naive one is local time, as ``datetime.timestamp``)."""
        return cls.from_float(dt.timestamp())

    @classmethod
    def now(cls) -> Time:
        """The current time."""
        return cls.from_float(_clock.time())

    def to_float(self) -> float:
        """Seconds since the epoch as a float (may lose nanosecond precision)."""
        return self.seconds + self.nanoseconds * 1e-9

    def to_nanoseconds(self) -> int:
        """Nanoseconds since the epoch (exact)."""
        return self.seconds * _NS_PER_S + self.nanoseconds

    def to_milliseconds(self) -> int:
        """Milliseconds since the epoch; sub-millisecond digits are dropped."""
        return self.seconds * 1_000 + self.nanoseconds // _NS_PER_MS

    def to_datetime(self) -> datetime:
        """An aware UTC ``datetime`` (microsecond precision)."""
        return datetime.fromtimestamp(self.to_float(), tz=timezone.utc)
