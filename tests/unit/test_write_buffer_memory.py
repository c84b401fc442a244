"""A topic writer holds at most twice its batch limit, however many messages are pushed.

Pushed messages are Python objects several times larger than their Arrow rows; the
writer turns them into columns as they come (application/writing/buffer.py). Memory is
the Python heap (tracemalloc) plus Arrow's allocations, measured after every push and
inside every send (when the batch being sent exists next to what is still held).
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator

import pyarrow as pa
import pytest

from mosaicolabs import IMU, Message, Quaternion, TopicWriter, Vector3d
from mosaicolabs.testing import memory_client


def imu(i: int) -> Message[IMU]:
    return Message(timestamp_ns=i, frame_id="imu_link", data=IMU(
        acceleration=Vector3d(x=0.001 * i, y=0.2, z=9.81),
        angular_velocity=Vector3d(x=0.0, y=0.0, z=0.1),
        orientation=Quaternion(x=0.0, y=0.0, z=0.0, w=1.0)))


class Meter:
    """Memory held since :meth:`start`, sampled by the test and inside every send."""

    def __init__(self) -> None:
        self.origin: int | None = None
        self.samples: list[int] = [0]

    def start(self) -> None:
        gc.collect()
        tracemalloc.start()
        self.origin = self._now()

    def sample(self) -> None:
        if self.origin is not None:
            self.samples.append(self._now() - self.origin)

    @staticmethod
    def _now() -> int:
        return tracemalloc.get_traced_memory()[0] + pa.total_allocated_bytes()


@pytest.fixture
def meter(monkeypatch: pytest.MonkeyPatch) -> Iterator[Meter]:
    """Sends sample the memory (the batch in flight exists then) and are discarded: the
    server's copy of the data is not the writer's."""
    meter = Meter()

    def discard(writer: TopicWriter, batch: pa.RecordBatch) -> None:
        meter.sample()
        writer.rows_sent += batch.num_rows

    monkeypatch.setattr(TopicWriter, "_write", discard)
    yield meter
    tracemalloc.stop()


@pytest.mark.parametrize("limit", [1 << 20, 4 << 20])
def test_the_writer_holds_at_most_twice_its_batch_limit(meter: Meter, limit: int) -> None:
    with memory_client() as client, client.sequence_create(
            "memory", {}, max_batch_size_bytes=limit) as writer:
        topic = writer.topic_create("/imu", {}, IMU)
        assert topic is not None
        for i in range(50):  # first-use costs (imports, caches) out of the measurement
            topic.push(imu(i))
        topic.flush()
        meter.start()
        rows = 3 * limit // 100  # several batches of IMU rows (~140 Arrow bytes each)
        for i in range(rows):
            topic.push(imu(i))
            if i % 8 == 0:
                meter.sample()
        assert topic.rows_sent >= rows // 2  # batches were sent on the way
    peak = max(meter.samples)
    assert peak <= 2 * limit, f"peak {peak} bytes for a {limit}-byte limit"
