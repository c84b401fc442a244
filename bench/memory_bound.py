"""Peak memory a TopicWriter holds while IMU ``Message``s are pushed one by one.

Target (performance.md): bounded by the configured batch size, at most 2x in flight. The
writer writes to a server in **another process** (the run's server), not to an in-process
``memory_client``: with the memory client the engine would store every sent batch in this
process, in the same Arrow pool and Python heap, and the measurement would grow with the
data already sent instead of showing what the writer itself holds. Over the network, what
this process holds above the baseline is the writer's buffer and the batch in flight.

Measured: Python heap (``tracemalloc``, traced blocks) plus Arrow memory
(``pyarrow.total_allocated_bytes()``), sampled after every push, relative to the baseline
taken after a ``gc.collect()`` before the writer is created. Messages are built inside the
loop and not kept by the caller, so whatever they cost while buffered is the writer's.
The record limit is set far above the run so that the byte limit decides when a batch goes.
A small unmeasured writer runs first: the first use in a process loads modules and fills
caches (about 25 MB of heap here, still held after that writer closed), which is not
what a writer's buffer holds; the row reports that figure as ``first_use_held_bytes``.
"""

from __future__ import annotations

import gc
import tracemalloc
from typing import Callable

import pyarrow as pa

from mosaicolabs import IMU, Message, MosaicoClient, Vector3d

from . import cases

__all__ = ["LIMITS", "write_buffer_peak"]

LIMITS = (4 * 1024 * 1024, 1024 * 1024)
ARROW_BYTES_PER_ROW = 150  # about what one IMU row costs in Arrow: sizes the run
BATCHES = 3  # push enough rows to fill the limit this many times (by Arrow bytes)
T0 = 1_700_000_000_000_000_000


def _held() -> tuple[Callable[[], int], int]:
    gc.collect()
    heap = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    base = heap + pa.total_allocated_bytes()
    return (lambda: tracemalloc.get_traced_memory()[0] + pa.total_allocated_bytes() - base), heap


def _peak(client: MosaicoClient, limit: int, count: int) -> tuple[int, int, int]:
    """(peak bytes held above the baseline, bytes held after the writer closed, the
    heap's own peak above its baseline: tracemalloc's continuous peak, inside pushes too)."""
    seq = cases.fresh("membound")
    tracemalloc.start()
    try:
        held, heap_base = _held()
        peak = 0
        with client.sequence_create(seq, {}, max_batch_size_bytes=limit,
                                    max_batch_size_records=100 * count) as writer:
            topic = writer.topic_create("/imu", {}, IMU)
            push = topic.push
            for i in range(count):
                push(Message(timestamp_ns=T0 + i * 1_000_000,
                             data=IMU(acceleration=Vector3d(x=(i % 1000) / 1000, y=0.2, z=9.8),
                                      angular_velocity=Vector3d(x=0.0, y=0.0, z=0.1))))
                now = held()
                if now > peak:
                    peak = now
        after = held()
        heap_peak = tracemalloc.get_traced_memory()[1] - heap_base
    finally:
        tracemalloc.stop()
    client.sequence_delete(seq)
    return peak, after, heap_peak


def write_buffer_peak(client: MosaicoClient) -> dict:
    """One row per limit: peak held bytes, peak / limit (target <= 2)."""
    _, first_use, _ = _peak(client, 64 * 1024, 2_000)  # first-use costs, not measured
    out = {}
    for limit in LIMITS:
        count = BATCHES * limit // ARROW_BYTES_PER_ROW
        peak, after, heap_peak = _peak(client, limit, count)
        out[f"write_buffer_peak_{limit // 1024 // 1024}MiB"] = {
            "value": round(peak / limit, 3), "peak_bytes": peak, "limit_bytes": limit,
            "messages": count, "held_after_close_bytes": after,
            "heap_continuous_peak_bytes": heap_peak,
            "first_use_held_bytes": first_use,
            "bytes_per_message_at_peak": round(peak / count, 1) if count else None,
            "statistic": "peak over one run, sampled after every push (heap + Arrow)",
            "target": 2.0}
    return out
