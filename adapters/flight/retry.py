"""Running idempotent Flight calls under a :class:`RetryPolicy`."""

from __future__ import annotations

import logging
import time
from typing import Callable, TypeVar

from mosaicolabs.domain.errors import UnavailableError
from mosaicolabs.domain.retry import RetryPolicy
from mosaicolabs.domain.vocabulary import Action

__all__ = ["IDEMPOTENT_ACTIONS", "with_retries"]

T = TypeVar("T")
_log = logging.getLogger("mosaicolabs.flight")

#: Actions that read only: repeating them after UNAVAILABLE is safe (as declared).
IDEMPOTENT_ACTIONS = frozenset(action.name for action in Action if action.idempotent)


def with_retries(call: Callable[[], T], policy: RetryPolicy, what: str) -> T:
    """Run ``call``; on :class:`UnavailableError` pause and retry, as ``policy`` allows.

    Any other error (authentication, permission, not found, bad request …) is raised
    at once: waiting would not change the answer.
    """
    pauses = policy.pauses()
    while True:
        try:
            return call()
        except UnavailableError as error:
            pause = next(pauses, None)
            if pause is None:
                raise
            _log.info("%s: server unavailable (%s); retrying in %.2fs", what, error, pause)
            time.sleep(pause)
