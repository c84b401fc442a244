"""Idle limits on data streams: a stream that makes no progress for N seconds is ended.

A stalled server must not hang the client, yet a slow but moving stream must never be
cut, so gRPC deadlines (absolute, for the whole call) cannot do it. What pyarrow lets us
interrupt decides the mechanism:

* A DoGet reader can be cancelled from another thread. Reads stay on the caller's thread
  (no thread hop per batch); a :class:`StreamWatchdog` thread, one per connection and
  awake only while streams are open, cancels a reader that has been blocked in one read
  for the limit. The reader then raises :func:`stall_error` instead of "cancelled".
* Calls pyarrow cannot interrupt (opening a DoGet blocks until the schema arrives; a
  DoPut writer has no cancel at all) run on a :class:`~.bounded.BoundedWorker`.

The limit counts only time spent waiting on the server: a consumer that pauses between
batches is not a stalled stream.
"""

from __future__ import annotations

import threading
import time
import weakref
from typing import Callable

from mosaicolabs.domain.errors import DeadlineExceededError

__all__ = ["DEFAULT_STREAM_IDLE_TIMEOUT_S", "StreamWatchdog", "Watch", "stall_error"]

#: Seconds a data stream may go without progress before it is given up.
DEFAULT_STREAM_IDLE_TIMEOUT_S = 60.0


def stall_error(action: str, locator: str, idle_s: float, what: str) -> DeadlineExceededError:
    """The typed error for a stream that made no progress for ``idle_s`` seconds.

    Args:
        action: ``"DoGet"`` or ``"DoPut"``.
        locator: The topic (``sequence/topic``).
        idle_s: The idle limit that was reached.
        what: What we were waiting for, e.g. ``"the server sent no data"``.
    """
    return DeadlineExceededError(
        f"{action} {locator!r} stalled: {what} for {idle_s:g} s "
        f"(stream_idle_timeout={idle_s:g}; pass a larger value, or None, to connect() "
        f"for a server this slow)",
        action=action, resource=locator)


class Watch:
    """One watched stream. The reading thread sets :attr:`blocked_since` around each read.

    Kept to plain attribute stores on purpose: it is touched twice per batch.
    """

    __slots__ = ("__weakref__", "_cancel", "blocked_since", "fired")

    def __init__(self, cancel: Callable[[], None]) -> None:
        self._cancel = cancel
        #: ``time.monotonic()`` when the current read started; ``None`` between reads.
        self.blocked_since: float | None = None
        #: Set (before cancelling) when the watchdog gave the stream up.
        self.fired = False

    def fire(self) -> None:
        """Give the stream up: mark it, then cancel the blocked call."""
        self.fired = True
        self._cancel()


class StreamWatchdog:
    """Cancels watched streams blocked in one read for ``idle_timeout_s`` (``None``: never).

    Its thread starts with the first watched stream and sleeps without a timeout while
    no stream is watched. Streams are held weakly: one dropped without ``release`` is
    forgotten with its reader.
    """

    def __init__(self, idle_timeout_s: float | None) -> None:
        self.idle_timeout_s = idle_timeout_s
        self._watches: weakref.WeakSet[Watch] = weakref.WeakSet()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopped = False

    def watch(self, cancel: Callable[[], None]) -> Watch:
        """Start watching a stream; ``cancel`` interrupts its blocked read."""
        watch = Watch(cancel)
        if self.idle_timeout_s is None:
            return watch  # never registered: the per-batch stores cost nothing more
        with self._wake:
            if self._stopped:
                return watch
            self._watches.add(watch)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="mosaico-stream-watchdog", daemon=True)
                self._thread.start()
            self._wake.notify()
        return watch

    def release(self, watch: Watch) -> None:
        """Stop watching a stream (it ended or was closed)."""
        with self._wake:
            self._watches.discard(watch)

    def stop(self) -> None:
        """Forget every stream and end the thread (the connection is closing)."""
        with self._wake:
            self._stopped = True
            self._watches.clear()
            self._wake.notify()

    def _run(self) -> None:
        limit = self.idle_timeout_s
        assert limit is not None
        # Checking ten times per limit bounds the overshoot to a tenth of it (at most 1 s).
        period = min(1.0, max(0.05, limit / 10))
        while True:
            with self._wake:
                while not self._stopped and not self._watches:
                    self._wake.wait()
                if self._stopped:
                    return
                watches = list(self._watches)
            _fire_idle(watches, limit)
            del watches  # do not keep readers alive while asleep
            with self._wake:
                if not self._stopped:
                    self._wake.wait(period)


def _fire_idle(watches: list[Watch], limit: float) -> None:
    now = time.monotonic()
    for watch in watches:
        since = watch.blocked_since
        if since is not None and not watch.fired and now - since >= limit:
            watch.fire()
