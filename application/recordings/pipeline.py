"""Run an iterator in a thread of its own, a bounded number of items ahead of its consumer.

The import reads and decodes a recording while the calling thread uploads what is
ready: ``with Prefetcher(source, depth) as items: for item in items: ...``. At most
``depth`` items wait in the queue (plus the one the producer holds while the queue is
full, and the one the consumer works on), so memory stays bounded by the batch limits.
Items come out in the order the source makes them. An exception of the source
(``BaseException`` included) is raised in the consumer after the items made before it.
Leaving the ``with`` block, however it is left (an exception of the consumer,
``KeyboardInterrupt``), stops the producer and waits for it: the source is closed in its
own thread and no thread is left running.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from queue import Empty, Full, Queue
from types import TracebackType
from typing import Generic, TypeVar

__all__ = ["THREAD_NAME", "Prefetcher"]

T = TypeVar("T")
#: The name of the producer thread (tests look for it among the live threads).
THREAD_NAME = "mosaico-recording-reader"
_POLL_SECONDS = 0.05  # how often a blocked producer / consumer looks whether to give up


class _End:
    """The source is exhausted."""


class _Failed:
    """The source raised ``error``."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


_END = _End()


class Prefetcher(Generic[T]):
    """Iterates ``source`` in a daemon thread, keeping at most ``depth`` items ready."""

    def __init__(self, source: Iterator[T], depth: int, name: str = THREAD_NAME) -> None:
        if depth < 1:
            raise ValueError(f"depth must be at least 1, not {depth}")
        self._source = source
        self._queue: Queue[T | _End | _Failed] = Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._produce, name=name, daemon=True)

    def __enter__(self) -> Iterator[T]:
        self._thread.start()
        return self._items()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
        while True:  # drop what was made and not used (the producer is gone)
            try:
                self._queue.get_nowait()
            except Empty:
                break

    def _items(self) -> Iterator[T]:
        while True:
            try:
                item = self._queue.get(timeout=_POLL_SECONDS)
            except Empty:
                if self._thread.is_alive() or not self._queue.empty():
                    continue
                raise RuntimeError("the recording reader thread ended without a result"
                                   ) from None
            if isinstance(item, _End):
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item

    def _produce(self) -> None:
        outcome: _End | _Failed = _END
        try:
            for item in self._source:
                if not self._put(item):
                    return  # the consumer left: close the source (below) and stop
        except BaseException as exc:  # noqa: BLE001 - handed over to the consumer
            outcome = _Failed(exc)
        finally:
            close = getattr(self._source, "close", None)
            try:
                if close is not None:
                    close()
            except BaseException as exc:  # noqa: BLE001 - handed over to the consumer
                if isinstance(outcome, _End):
                    outcome = _Failed(exc)
        self._put(outcome)

    def _put(self, item: T | _End | _Failed) -> bool:
        """Queue ``item`` once there is room; False when the consumer left first."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=_POLL_SECONDS)
            except Full:
                continue
            return True
        return False
