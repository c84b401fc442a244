"""Where a per-message write spends its time, the way user code writes.

User code builds each ``Message(IMU(Vector3d ...))`` and pushes it. This splits the
microseconds per message into:

* ``build``: constructing the ``Message``/``IMU``/``Vector3d`` objects (checked fields);
* ``push_checks``: ``TopicWriter.push`` itself (envelope checks, size estimate, buffer);
* ``batch_encode``: turning the buffered messages into Arrow columns (``messages_to_batch``);
* ``wire_and_server``: sending the batches and the server storing them, finalize included.

``push_checks`` and ``batch_encode`` come from the same push into the in-process
memory backend (same writer code, no wire, the engine keeps the batches by reference):
the push to the server minus that is what the wire and the server cost. Every stage is
the median of the repeats.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from mosaicolabs import MosaicoClient
from mosaicolabs.domain.ontology.columns import messages_to_batch
from mosaicolabs.domain.ontology.message import Message, message_schema
from mosaicolabs.testing import memory_client

from . import data
from .stats import REPEATS, summary

__all__ = ["write_breakdown"]


def _timed(action: Callable[[], Any]) -> float:
    begin = time.perf_counter()
    action()
    return time.perf_counter() - begin


def _push_all(client: MosaicoClient, name: str, messages: list[Message[Any]]) -> None:
    with client.sequence_create(name, {}) as writer:
        topic = writer.topic_create("/imu", {}, data.IMU)
        assert topic is not None
        for message in messages:
            topic.push(message)


def _one_repeat(client: MosaicoClient, n: int, tag: str, first_dry: bool) -> dict[str, float]:
    schema = message_schema(data.IMU)
    begin = time.perf_counter()
    built = data.imu_messages(n)
    out = {"build": time.perf_counter() - begin}
    out["batch_encode"] = _timed(lambda: messages_to_batch(data.IMU, built, schema))


    def dry() -> None:
        with memory_client() as offline:
            out["push_no_wire"] = _timed(lambda: _push_all(offline, "bd", built))

    def wet() -> None:
        out["push"] = _timed(lambda: _push_all(client, f"bd_{tag}", built))
        client.sequence_delete(f"bd_{tag}")

    for step in ((dry, wet) if first_dry else (wet, dry)):  # order alternates per repeat
        step()
    return out


def write_breakdown(client: MosaicoClient, n: int, repeats: int) -> dict[str, Any]:
    """Microseconds per message of each stage of a user-shaped write of ``n`` IMU messages."""
    runs = [_one_repeat(client, n, str(repeat), repeat % 2 == 0) for repeat in range(repeats)]
    median = {key: summary([run[key] for run in runs])["median"] for key in runs[0]}
    per = {key: round(value / n * 1e6, 3) for key, value in median.items()}
    stages = {"build": per["build"],
              "push_checks": round(per["push_no_wire"] - per["batch_encode"], 3),
              "batch_encode": per["batch_encode"],
              "wire_and_server": round(per["push"] - per["push_no_wire"], 3)}
    total = per["build"] + per["push"]
    return {"imu_write_breakdown": {
        "messages": n, "repeats": repeats, "us_per_message": stages,
        "total_us_per_message": round(total, 3),
        "end_to_end_per_second": round(1e6 / total) if total > 0 else None,
        "statistic": REPEATS + " per stage; push_checks = push to the memory backend - "
                     "batch_encode, wire_and_server = push to the server - push to the memory "
                     "backend (differences of medians)"}}
