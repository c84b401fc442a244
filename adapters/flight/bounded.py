"""Blocking Flight calls that pyarrow cannot interrupt, waited for at most an idle limit.

Opening a DoGet blocks until the server sends the schema, and a DoPut writer has no
cancel: a write the server does not take, or a close it never answers, blocks inside
pyarrow's C++ for good (closing the client does not end it either; tried on pyarrow 23
and 26). Such calls run on a :class:`BoundedWorker` daemon thread while the caller waits
at most the limit, each call's own limit: every completed call is progress.

A call given up on cannot be cancelled: it stays blocked on its daemon thread until the
server answers or goes away (its result is then discarded), and the thread ends with it.
It no longer holds the caller, and it does not hold interpreter exit.
"""

from __future__ import annotations

import queue
import threading
import weakref
from typing import Callable, Generic, TypeVar

from mosaicolabs.domain.errors import MosaicoError, WriterStateError

__all__ = ["BoundedWorker", "WorkerPool"]

T = TypeVar("T")


class _Job(Generic[T]):
    """One call handed to the worker, and how it ended."""

    def __init__(self, fn: Callable[[], T], discard: Callable[[T], None] | None) -> None:
        self.fn = fn
        self.discard = discard
        self.done = threading.Event()
        self.lock = threading.Lock()  # orders "finished" against "abandoned"
        self.finished = False
        self.abandoned = False
        self.result: T | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.fn()
        except BaseException as exc:  # handed to the waiting caller, re-raised there
            self.error = exc
        with self.lock:
            self.finished = True
            late = self.abandoned
        if not late:
            self.done.set()
            return
        # Nobody takes this outcome: drop it (an error would hold this job in a cycle).
        result, failed, self.result, self.error = self.result, self.error, None, None
        self.done.set()
        if self.discard is not None and failed is None:
            self.discard(result)  # type: ignore[arg-type]  # set: fn returned

    def abandon(self) -> bool:
        """Give up on the job; ``False`` if it finished in the meantime."""
        with self.lock:
            self.abandoned = not self.finished
            return self.abandoned

    def outcome(self) -> T:
        """The call's result, or its exception raised here."""
        error, self.error = self.error, None
        if error is None:
            return self.result  # type: ignore[return-value]  # set: fn returned
        try:
            raise error
        finally:
            # Neither this job nor this frame may keep the exception: its traceback holds
            # them, and the cycle would keep the stream open until a garbage collection.
            del error


def _serve(jobs: queue.SimpleQueue[_Job[object] | None]) -> None:
    # Holds the queue, not the worker: dropping the worker ends the thread (see __init__).
    while True:
        job = jobs.get()
        if job is None:
            return
        job.run()
        # A finished job must not stay referenced while we wait: its call holds the
        # stream, and a stream dropped by its owner is closed only once freed.
        del job


class BoundedWorker:
    """Runs calls one at a time on a daemon thread; the caller waits ``limit_s`` for each.

    With ``limit_s=None`` calls run on the caller's thread, unbounded. After a call was
    given up on, every later call raises at once (the thread is still blocked).

    Args:
        limit_s: Seconds to wait for one call (``None``: no limit, no thread).
        name: Thread name, for debugging (e.g. ``"DoPut seq/topic"``).
    """

    def __init__(self, limit_s: float | None, name: str) -> None:
        self.limit_s = limit_s
        self._name = name
        self._jobs: queue.SimpleQueue[_Job[object] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        # Builds the error of every call after one was given up on. A factory, not the
        # error: a stored exception raised again would hold this worker in a cycle.
        self._failed: Callable[[], MosaicoError] | None = None
        self._stop = weakref.finalize(self, self._jobs.put, None)

    def call(self, fn: Callable[[], T], on_stall: Callable[[], MosaicoError],
             discard: Callable[[T], None] | None = None) -> T:
        """``fn()``, or ``on_stall()`` raised if it did not return within the limit.

        Args:
            fn: The blocking call; its exceptions are re-raised here.
            on_stall: Builds the error raised when the limit is reached.
            discard: Run on the worker with a result that arrives after it was given up.
        """
        if self.limit_s is None:
            return fn()
        if self._failed is not None:
            raise self._failed()
        if not self._stop.alive:  # its thread is gone: the call would wait for nothing
            raise WriterStateError(f"{self._name}: used after it was closed")
        job: _Job[T] = _Job(fn, discard)
        self._ensure_thread()
        self._jobs.put(job)  # type: ignore[arg-type]  # the queue is invariant in T
        try:
            finished = job.done.wait(self.limit_s)
        except BaseException:  # interrupted (Ctrl-C): the stream is left mid-call
            name = self._name
            self._give_up(job, lambda: WriterStateError(f"{name}: interrupted mid-call"))
            raise
        if not finished and self._give_up(job, on_stall):
            raise on_stall()
        return job.outcome()

    @property
    def usable(self) -> bool:
        """False once a call was given up on (the thread may still be blocked in it)."""
        return self._failed is None

    def stop(self) -> None:
        """End the thread once its current call (if any) returns. Idempotent."""
        self._stop()

    def _ensure_thread(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(
                target=_serve, args=(self._jobs,), name=f"mosaico {self._name}", daemon=True)
            self._thread.start()

    def _give_up(self, job: _Job[T], error: Callable[[], MosaicoError]) -> bool:
        if not job.abandon():
            return False  # it finished just now: use its outcome
        self._failed = error
        self.stop()  # the thread exits as soon as the blocked call returns
        return True


class WorkerPool:
    """Idle :class:`BoundedWorker` threads reused for one-off calls (opening a DoGet).

    Starting a thread costs about 0.3 ms, handing a call to a waiting one about 25 µs.
    Each call has a worker to itself, so a stalled call never delays another; a worker
    that gave up is not reused.

    Args:
        limit_s: Seconds to wait for one call (``None``: calls run on the caller's thread).
        name: Thread name prefix.
        keep: Idle workers kept at most.
    """

    def __init__(self, limit_s: float | None, name: str, keep: int = 4) -> None:
        self.limit_s = limit_s
        self._name = name
        self._keep = keep
        self._idle: list[BoundedWorker] = []
        self._lock = threading.Lock()
        self._closed = False

    def call(self, fn: Callable[[], T], on_stall: Callable[[], MosaicoError],
             discard: Callable[[T], None] | None = None) -> T:
        """Like :meth:`BoundedWorker.call`, on an idle worker or a new one."""
        if self.limit_s is None:
            return fn()
        with self._lock:
            worker = self._idle.pop() if self._idle else BoundedWorker(self.limit_s, self._name)
        try:
            return worker.call(fn, on_stall, discard)
        finally:
            self._give_back(worker)

    def close(self) -> None:
        """Stop the idle workers; later calls get workers that are not kept."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def _give_back(self, worker: BoundedWorker) -> None:
        with self._lock:
            if worker.usable and not self._closed and len(self._idle) < self._keep:
                self._idle.append(worker)
                return
        worker.stop()
