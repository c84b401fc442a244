"""Bounds on what one caller may hold at once on the mock server.

A DoPut ties up a server thread and buffers its batches until the stream ends.
Without a bound, one API key (or, on a server without keys, anyone) could open
uploads until every worker thread is taken and memory runs out; so each key gets
a fixed number of upload slots and a further DoPut is refused at once.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Generator

from .errors import BUSY, WireError

__all__ = ["DEFAULT_MAX_UPLOADS_PER_KEY", "UploadSlots", "is_positive_int"]

#: Open uploads allowed per API key (all keyless callers share one allowance). Clients
#: open one DoPut per topic and keep them all open until the session ends (the official
#: one does), so the bound sits far above the topic count of any real recording.
DEFAULT_MAX_UPLOADS_PER_KEY = 1024


def is_positive_int(value: object) -> bool:
    """Whether ``value`` is an int of at least 1 (a bool is not).

    It takes any object: a limit arrives from callers that may pass anything at run
    time, whatever their annotations say.
    """
    return not isinstance(value, bool) and isinstance(value, int) and value >= 1


class UploadSlots:
    """Counts the open uploads of each key; :meth:`claim` holds one for a ``with`` block.

    Keys are counted by their token, which never leaves this object (no repr, no log).
    """

    def __init__(self, per_key: int = DEFAULT_MAX_UPLOADS_PER_KEY) -> None:
        if not is_positive_int(per_key):
            raise ValueError(f"max uploads per key must be a positive int, not {per_key!r}")
        self.per_key = per_key
        self._open: dict[str | None, int] = {}
        self._lock = threading.Lock()

    def in_use(self, token: str | None) -> int:
        """How many uploads ``token`` has open now."""
        with self._lock:
            return self._open.get(token, 0)

    @contextmanager
    def claim(self, token: str | None) -> Generator[None, None, None]:
        """Hold one of ``token``'s slots for the block.

        Raises:
            WireError: UNAVAILABLE, the key already holds all its slots.
        """
        with self._lock:
            held = self._open.get(token, 0)
            if held >= self.per_key:
                raise WireError(BUSY, f"this API key already has {held} uploads open (the "
                                      f"limit is {self.per_key}); finish one and retry")
            self._open[token] = held + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._open[token] - 1
                if left:
                    self._open[token] = left
                else:
                    del self._open[token]  # no entry per key ever seen: nothing grows

    def __repr__(self) -> str:
        return f"UploadSlots(per_key={self.per_key}, keys_with_uploads={len(self._open)})"
