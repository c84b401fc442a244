"""The read tickets a Flight catalog has been handed, kept for the topic streams.

A GetFlightInfo answer carries, next to the topic's description, the ticket that reads
the whole topic. Keeping it here lets a later unbounded read go straight to DoGet
without asking the server again, and keeps the ticket (a Flight notion) out of the
domain's :class:`~mosaicolabs.domain.catalog.Topic`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

__all__ = ["TicketBook"]


class TicketBook:
    """Whole-topic read tickets by topic locator, the ``limit`` most recent ones.

    Thread-safe: one client's handlers may describe and read topics from several threads.
    """

    def __init__(self, limit: int = 4096) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        self._limit = limit
        self._tickets: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, locator: str, ticket: bytes) -> None:
        """Keep ``ticket`` as the one that reads all of ``locator``."""
        with self._lock:
            self._tickets[locator] = ticket
            self._tickets.move_to_end(locator)
            while len(self._tickets) > self._limit:
                self._tickets.popitem(last=False)

    def ticket_for(self, locator: str) -> bytes | None:
        """The ticket kept for ``locator``, if any."""
        with self._lock:
            return self._tickets.get(locator)

    def forget(self, locator: str) -> None:
        """Drop the ticket of a deleted topic, or of every topic of a deleted sequence."""
        prefix = locator.rstrip("/") + "/"
        with self._lock:
            for kept in [k for k in self._tickets if k == locator or k.startswith(prefix)]:
                del self._tickets[kept]

    def __len__(self) -> int:
        with self._lock:
            return len(self._tickets)
