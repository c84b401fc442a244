"""Retry policy for calls that are safe to repeat.

Only idempotent calls (reads, listings, queries, status) are retried, and only
when the server was unreachable (UNAVAILABLE). Authentication and permission
errors, bad requests, and uploads are never retried: repeating them cannot help,
or could store data twice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Iterator

from .errors import InvalidRequestError

__all__ = ["NO_RETRY", "RetryPolicy"]


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter.

    Args:
        attempts: Total tries, the first one included (1 disables retries).
        initial_backoff_s: Longest pause before the second try.
        max_backoff_s: Cap on any single pause.
        multiplier: Growth of the cap between tries.
    """

    attempts: int = 4
    initial_backoff_s: float = 0.1
    max_backoff_s: float = 2.0
    multiplier: float = 2.0

    def __post_init__(self) -> None:
        attempts = self.attempts  # checked at run time: untyped callers may pass anything
        if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidRequestError(f"attempts must be an int >= 1, got {self.attempts!r}")
        for name in ("initial_backoff_s", "max_backoff_s", "multiplier"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or value < 0:
                raise InvalidRequestError(f"{name} must be a non-negative number, got {value!r}")

    def pauses(self, rng: random.Random | None = None) -> Iterator[float]:
        """The pauses between tries: ``attempts - 1`` values, each uniform in ``[0, cap]``.

        Full jitter keeps many clients that failed together from retrying together.
        """
        draw = (rng or random).uniform
        cap = self.initial_backoff_s
        for _ in range(self.attempts - 1):
            yield draw(0.0, min(cap, self.max_backoff_s))
            cap *= self.multiplier


#: A policy that never retries.
NO_RETRY = RetryPolicy(attempts=1)
