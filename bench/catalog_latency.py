"""The mock server's latency of one small write vs the size of its catalog.

Two mock servers run in this process (``mosaicolabs.mock_server.running_server``), one
holding 100 sequences and one 10 000, filled through the ``MemoryEngine`` API (each
sequence: a session, one IMU topic with 10 rows, finalized). One write is
``sequence_create``, one topic, one ``push``, finalize (leaving the ``with``), through
the client over Flight; it is timed, then its sequence is deleted untimed so the catalog
keeps its size. Writes alternate between the two servers (order alternating), after an
untimed warm-up write on each. The verdict compares the medians (target: the median at
10 000 at most 1.5x the median at 100, "flat").
"""

from __future__ import annotations

from contextlib import ExitStack

import pyarrow as pa

from mosaicolabs import IMU, Message, MosaicoClient, Vector3d
from mosaicolabs.mock_server import running_server
from mosaicolabs.testing import MemoryEngine

from . import cases, data
from .stats import REPEATS, summary

__all__ = ["SIZES", "write_latency_vs_catalog"]

SIZES = (100, 10_000)


def _filled(n: int, batch: pa.RecordBatch) -> MemoryEngine:
    engine = MemoryEngine()
    for i in range(n):
        name = f"catalog_{i:05d}"
        engine.create_sequence(name, {})
        session = engine.create_session(name)
        topic_uuid = engine.create_topic(session, f"{name}/imu", IMU.__ontology_tag__,
                                         "default", {})
        upload = engine.begin_upload(f"{name}/imu", topic_uuid, batch.schema)
        upload.append(batch)
        upload.commit()
        engine.finalize_session(session)
    return engine


def _small_write(client: MosaicoClient) -> float:
    seq = cases.fresh("small")
    message = Message(timestamp_ns=data.T0, data=IMU(
        acceleration=Vector3d(x=0.1, y=0.2, z=9.8), angular_velocity=Vector3d(x=0, y=0, z=0.1)))

    def write() -> None:
        with client.sequence_create(seq, {}) as writer:
            writer.topic_create("/imu", {}, IMU).push(message)

    seconds = cases.timed(write)
    client.sequence_delete(seq)
    return seconds


def write_latency_vs_catalog(repeats: int) -> dict:
    batch = data.imu_table(10).to_batches()[0]
    times: dict[int, list[float]] = {n: [] for n in SIZES}
    with ExitStack() as stack:
        clients = {}
        for n in SIZES:
            server = stack.enter_context(running_server(_filled(n, batch)))
            clients[n] = stack.enter_context(MosaicoClient.connect("127.0.0.1", server.port))
            _small_write(clients[n])  # warm-up, untimed
        for i in range(repeats):
            for n in (SIZES if i % 2 == 0 else SIZES[::-1]):
                times[n].append(_small_write(clients[n]))
    small, large = (summary(times[n]) for n in SIZES)
    return {"mock_write_latency_vs_catalog": {
        "value": round(large["median"] / small["median"], 3),
        f"median_ms_at_{SIZES[0]}": round(small["median"] * 1e3, 3),
        f"median_ms_at_{SIZES[1]}": round(large["median"] * 1e3, 3),
        f"seconds_stats_at_{SIZES[0]}": small, f"seconds_stats_at_{SIZES[1]}": large,
        "statistic": f"median latency at {SIZES[1]} / median at {SIZES[0]} ({REPEATS} each)",
        "target": 1.5}}
