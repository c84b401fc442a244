"""Compression benchmark: ``python -m bench.compression [--quick]``.

Also ``python -m bench --compression``.

For each option (Null, gRPC Gzip with no/Low/Medium/High level, Arrow IPC zstd at
levels 1 and 3, lz4) and each data set (realistic IMU, raw rgb8 frames, JPEG-like
random bytes) it uploads the same table and reads it back, against one mock-server
process. Bytes on the wire come from a byte-counting proxy (one pass); MB/s from a
direct connection (best of N), so the proxy's own cost is not in the timings.
MB/s is the Arrow size of the table over the wall time; ratio = Null bytes / bytes.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings
from datetime import datetime, timezone
from typing import Any

import pyarrow as pa

from mosaicolabs import IMU, CompressedImage, Image, MosaicoClient
from mosaicolabs.comm import GRPCCompression, IPCCompression
from mosaicolabs.enum import GRPCCompressionAlgorithm as Algorithm
from mosaicolabs.enum import GRPCCompressionLevel as Level
from mosaicolabs.testkit import ByteCountingProxy

from . import cases, data
from .report import run_and_save
from .server import server_process

__all__ = ["OPTIONS", "main", "run"]

OPTIONS: dict[str, dict[str, Any]] = {
    "null": {},
    "gzip": {"compression": Algorithm.Gzip},
    "gzip_low": {"compression": GRPCCompression(Algorithm.Gzip, Level.Low)},
    "gzip_medium": {"compression": GRPCCompression(Algorithm.Gzip, Level.Medium)},
    "gzip_high": {"compression": GRPCCompression(Algorithm.Gzip, Level.High)},
    "ipc_zstd": {"ipc_compression": "zstd"},
    "ipc_zstd_3": {"ipc_compression": IPCCompression("zstd", 3)},
    "ipc_lz4": {"ipc_compression": "lz4"},
}


def _datasets(quick: bool) -> dict[str, tuple[pa.Table, type]]:
    n_imu, n_frames, n_jpeg = (50_000, 8, 8) if quick else (500_000, 60, 60)
    return {"imu": (data.imu_sensor_table(n_imu), IMU),
            "image_raw_rgb8": (data.raw_image_table(n_frames), Image),
            "image_jpeg_like": (data.jpeg_like_table(n_jpeg, 200_000), CompressedImage)}


def _round_trip(client: MosaicoClient, table: pa.Table, model: type) -> tuple[float, float, str]:
    """Upload then read back; returns (upload s, read s, sequence name)."""
    seq, put = cases.client_columnar_put(client, table, model)
    started = time.perf_counter()
    back = client.topic_handler(seq, "/data").to_arrow()
    get = time.perf_counter() - started
    if back.num_rows != table.num_rows:
        raise AssertionError(f"read {back.num_rows} rows, wrote {table.num_rows}")
    return put, get, seq


def _wire_bytes(port: int, table: pa.Table, model: type, options: dict) -> tuple[int, int]:
    """Bytes sent during the upload and received during the read, via the proxy."""
    with ByteCountingProxy(port) as proxy, \
            MosaicoClient.connect("127.0.0.1", proxy.port, **options) as client:
        up0, _ = proxy.counts()
        seq, _ = cases.client_columnar_put(client, table, model)
        up1, down0 = proxy.counts()
        client.topic_handler(seq, "/data").to_arrow()
        _, down1 = proxy.counts()
        client.sequence_delete(seq)
    return up1 - up0, down1 - down0


def _measure(port: int, table: pa.Table, model: type, options: dict, repeats: int) -> dict:
    up, down = _wire_bytes(port, table, model, options)
    puts, gets = [], []
    with MosaicoClient.connect("127.0.0.1", port, **options) as client:
        for _ in range(repeats):
            put, get, seq = _round_trip(client, table, model)
            puts.append(put)
            gets.append(get)
            client.sequence_delete(seq)
    mb = table.nbytes / 1e6
    return {"upload_bytes": up, "download_bytes": down,
            "upload_MB_s": round(mb / min(puts), 1), "read_MB_s": round(mb / min(gets), 1)}


def run(quick: bool) -> dict:
    """Measure every option on every data set against one server process."""
    repeats = 1 if quick else 3
    results: dict[str, dict] = {}
    with warnings.catch_warnings(), server_process() as port:
        warnings.simplefilter("ignore", UserWarning)  # the "level has no effect" warning
        for label, (table, model) in _datasets(quick).items():
            rows: dict[str, dict] = {}
            for name, options in OPTIONS.items():
                rows[name] = _measure(port, table, model, options, repeats)
            null = rows["null"]
            for row in rows.values():
                row["upload_ratio"] = round(null["upload_bytes"] / row["upload_bytes"], 2)
                row["download_ratio"] = round(null["download_bytes"] / row["download_bytes"], 2)
            results[label] = {"arrow_bytes": table.nbytes, "rows": table.num_rows,
                              "options": rows}
    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.system()}, "
                       f"Python {platform.python_version()}, pyarrow {pa.__version__}",
            "quick": quick, "repeats": repeats, "results": results}


def print_table(report: dict) -> None:
    """One block per data set: bytes each way, ratio vs Null and MB/s."""
    print(f"\ncompression benchmark {report['date']} on {report['machine']} "
          f"(quick={report['quick']})")
    for label, block in report["results"].items():
        print(f"\n{label}: {block['rows']:,} rows, {block['arrow_bytes'] / 1e6:.1f} MB of Arrow")
        print(f"{'option':<13}{'up bytes':>13}{'ratio':>7}{'up MB/s':>9}"
              f"{'down bytes':>13}{'ratio':>7}{'read MB/s':>10}")
        for name, row in block["options"].items():
            print(f"{name:<13}{row['upload_bytes']:>13,}{row['upload_ratio']:>7}"
                  f"{row['upload_MB_s']:>9}{row['download_bytes']:>13,}"
                  f"{row['download_ratio']:>7}{row['read_MB_s']:>10}")


def main(argv: list[str] | None = None) -> int:
    """Run, print, and write the JSON report."""
    parser = argparse.ArgumentParser(description="Mosaico compression benchmark")
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    parser.add_argument("--json", default="bench/results/compression.json", help="where to write")
    args = parser.parse_args(argv)
    run_and_save(lambda: run(args.quick), args.json, print_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
