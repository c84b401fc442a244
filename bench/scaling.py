"""How time and memory grow: rows (10 k → 10 M), topics (1 → 64), batch size.

``python -m bench.scaling [--quick]``. One server process; client-side peak memory
is the growth of this process's resident size during the step (Arrow buffers are
outside Python's heap, so tracemalloc would miss them).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from functools import partial
from pathlib import Path

import numpy as np
import pyarrow as pa

from mosaicolabs import IMU, Floating64, Message, MosaicoClient

from .server import server_process
from .soak import rss_mb


def imu_columns(rows: int) -> pa.Table:
    """IMU rows built with numpy (fast enough for 10 M rows)."""
    stamps = np.arange(rows, dtype=np.int64) * 1_000_000
    values = pa.array(np.sin(np.arange(rows) / 100.0))
    vector = pa.StructArray.from_arrays(
        [
            values,
            values,
            values,
            pa.nulls(rows, pa.list_(pa.float64())),
            pa.nulls(rows, pa.int16()),
        ],
        fields=list(IMU.arrow_fields()[0].type),
    )
    return pa.table({"timestamp_ns": stamps, "acceleration": vector, "angular_velocity": vector})


def step(fn) -> tuple[float, float]:
    before, started = rss_mb(), time.perf_counter()
    fn()
    return time.perf_counter() - started, max(0.0, rss_mb() - before)


def _write_topics(client: MosaicoClient, name: str, table: pa.Table, topics: int) -> None:
    with client.sequence_create(name, {}) as writer:
        for k in range(topics):
            writer.topic_create(f"/imu_{k}" if topics > 1 else "/imu", {}, IMU).push_batch(table)


def _read_arrow(client: MosaicoClient, name: str) -> None:
    client.topic_handler(name, "/imu").to_arrow()


def _read_merged(client: MosaicoClient, name: str, counter: dict[str, int]) -> None:
    counter["n"] = sum(1 for _ in client.sequence_handler(name).get_data_streamer())


def _push_all(client: MosaicoClient, name: str, batch: list, records: int) -> None:
    with client.sequence_create(name, {}, max_batch_size_records=records) as writer:
        topic = writer.topic_create("/v", {}, Floating64)
        for message in batch:
            topic.push(message)


def rows_scaling(client: MosaicoClient, sizes: list[int]) -> list[dict]:
    out = []
    for rows in sizes:
        table = imu_columns(rows)
        name = f"rows_{uuid.uuid4().hex[:6]}"

        write_s, write_mb = step(partial(_write_topics, client, name, table, 1))
        read_s, read_mb = step(partial(_read_arrow, client, name))
        client.sequence_delete(name)
        out.append(
            {
                "rows": rows,
                "MB": round(table.nbytes / 1e6, 1),
                "write_s": round(write_s, 3),
                "read_s": round(read_s, 3),
                "write_rss_growth_MB": round(write_mb, 1),
                "read_rss_growth_MB": round(read_mb, 1),
            }
        )
    return out


def topic_scaling(client: MosaicoClient, counts: list[int], rows: int) -> list[dict]:
    out = []
    table = imu_columns(rows)
    for topics in counts:
        name = f"topics_{uuid.uuid4().hex[:6]}"

        write_s, _ = step(partial(_write_topics, client, name, table, topics))
        merged: dict[str, int] = {}
        read_s, read_mb = step(partial(_read_merged, client, name, merged))
        client.sequence_delete(name)
        out.append(
            {
                "topics": topics,
                "rows_total": topics * rows,
                "write_s": round(write_s, 3),
                "merged_read_s": round(read_s, 3),
                "merged_msgs_per_s": round(merged["n"] / read_s),
                "read_rss_growth_MB": round(read_mb, 1),
            }
        )
    return out


def batch_scaling(client: MosaicoClient, limits: list[int], messages: int) -> list[dict]:
    out = []
    batch = [Message(timestamp_ns=i, data=Floating64(data=float(i))) for i in range(messages)]
    for records in limits:
        name = f"batch_{uuid.uuid4().hex[:6]}"

        write_s, write_mb = step(partial(_push_all, client, name, batch, records))
        chunks = client.topic_handler(name, "/v").chunks_number
        client.sequence_delete(name)
        out.append(
            {
                "max_batch_size_records": records,
                "batches": chunks,
                "push_msgs_per_s": round(messages / write_s),
                "write_rss_growth_MB": round(write_mb, 1),
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", default="bench/results/scaling.json")
    args = parser.parse_args(argv)
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000, 10_000_000]
    counts = [1, 4] if args.quick else [1, 4, 16, 64]
    limits = [100, 10_000] if args.quick else [100, 1_000, 10_000, 100_000]
    with server_process() as port, MosaicoClient.connect("127.0.0.1", port) as client:
        report = {
            "rows": rows_scaling(client, sizes),
            "topics": topic_scaling(client, counts, 2_000 if args.quick else 10_000),
            "batch_size": batch_scaling(client, limits, 20_000 if args.quick else 200_000),
        }
    for section, rows in report.items():
        print(f"\n{section}")
        keys = list(rows[0])
        print("  ".join(f"{k:>22}" for k in keys))
        for row in rows:
            print("  ".join(f"{row[k]:>22}" for k in keys))
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
