"""Full validation of downloaded record batches, overlapped with the next read.

The IPC reader checks only a message's framing: a server sending a batch whose buffers
disagree (offsets past their data, bad UTF-8, dictionary indices out of range) would
otherwise have us read memory that is not the batch's. ``validate(full=True)`` costs
about 45 µs per MB, close to a tenth of a fast loopback read. It releases the GIL, as
the Flight read does, so a large batch is checked on a helper thread while the caller's
thread receives the next one; no batch is handed out before its check has passed.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Iterable, Iterator

import pyarrow as pa

from mosaicolabs.domain.errors import ProtocolError

__all__ = ["OVERLAP_MIN_BYTES", "checked_batches", "validated"]

# Below this size a hand-off to the helper costs more than the check it would hide.
OVERLAP_MIN_BYTES = 1 << 20

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _helper() -> ThreadPoolExecutor:
    """The process's one validation thread, started on first use (never at import)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mosaico-validate")
        return _pool


def _forget_helper() -> None:
    # A forked child inherits the executor but not its thread: it must start its own.
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_helper)


def validated(batch: pa.RecordBatch, locator: str) -> pa.RecordBatch:
    """``batch`` once its buffers are known to agree, else :class:`ProtocolError`."""
    try:
        batch.validate(full=True)
    except pa.ArrowException as exc:
        raise ProtocolError(f"DoGet {locator!r}: the server sent invalid Arrow data: {exc}",
                            action="DoGet", resource=locator) from None
    return batch


def checked_batches(received: Iterable[pa.RecordBatch], locator: str) -> Iterator[pa.RecordBatch]:
    """Each batch of ``received``, in order, fully validated.

    A batch of at least :data:`OVERLAP_MIN_BYTES` is checked on the helper thread while
    the next one is received, and handed out after that. A smaller one is checked in
    place and handed out at once: a one-batch delay would buy it nothing.
    """
    pending: Future[pa.RecordBatch] | None = None  # the large batch being checked
    arriving = iter(received)
    while True:
        try:
            batch = next(arriving)
        except StopIteration:
            break
        except BaseException:
            # A failed read must not cost the caller the good batch received before it.
            if pending is not None:
                yield pending.result()
            raise
        if batch.nbytes < OVERLAP_MIN_BYTES:
            if pending is not None:
                yield pending.result()
                pending = None
            yield validated(batch, locator)
            continue
        check = _helper().submit(validated, batch, locator)
        if pending is not None:
            yield pending.result()
        pending = check
    if pending is not None:
        yield pending.result()
