"""Run the benchmarks: ``python -m bench [--quick] [--json PATH] [--compression]``.

``--compression`` runs the compression benchmark instead (:mod:`bench.compression`,
also ``python -m bench.compression``; JSON in ``bench/results/compression.json``).

One mock-server process serves every case; the raw pyarrow Flight ceiling and
this client are measured in the same run on the same data, best of N repeats.
Ratios compare against the ceiling (1.00 = as fast as bare Flight).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone

from mosaicolabs import CompressedImage, MosaicoClient

from . import cases, data, peers, targets
from .report import run_and_save
from .server import bare_server_process, server_process


def best(samples: list[float]) -> float:
    return min(samples)


def import_time() -> float:
    code = "import time; t=time.perf_counter(); import mosaicolabs; print(time.perf_counter()-t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(5)]
    return min(runs)


def run(args: argparse.Namespace) -> dict:
    n_imu, n_msgs, n_img = (50_000, 20_000, 20) if args.quick else (1_000_000, 200_000, 200)
    repeats = 1 if args.quick else 5
    imu = data.imu_table(n_imu)
    images = data.image_table(n_img, 512 * 1024)
    messages = data.imu_messages(n_msgs)
    results: dict[str, dict] = {}
    with server_process() as port, MosaicoClient.connect("127.0.0.1", port) as client:
        raw = cases.RawFlight(port)
        raw_put_best: dict[str, float] = {}
        for label, table, model, fmt in (("imu", imu, data.IMU, "default"),
                                         ("image", images, CompressedImage, "image")):
            raw_put, our_put, raw_get, our_get = [], [], [], []
            for i in range(repeats):
                # Alternate who goes first, and delete after reading, so neither side
                # pays for the other's memory on the server.
                for side in (("raw", "ours") if i % 2 == 0 else ("ours", "raw")):
                    if side == "raw":
                        seq, t = raw.put(table, model.__ontology_tag__, fmt)
                        raw_put.append(t)
                        raw_get.append(raw.get(seq))
                    else:
                        seq, t = cases.client_columnar_put(client, table, model)
                        our_put.append(t)
                        our_get.append(cases.client_arrow_get(client, seq))
                    client.sequence_delete(seq)
            mb = table.nbytes / 1e6
            raw_put_best[label] = best(raw_put)
            results[f"{label}_columnar_write"] = _ratio(mb, best(raw_put), best(our_put), "MB")
            results[f"{label}_arrow_read"] = _ratio(mb, best(raw_get), best(our_get), "MB")
        push, read = [], []
        for _ in range(repeats):
            seq, t = cases.client_message_put(client, messages)
            push.append(t)
            read.append(cases.client_message_get(client, seq))
            client.sequence_delete(seq)
        build = best([cases.timed(lambda: data.imu_messages(n_msgs)) for _ in range(repeats)])
        results["imu_message_build"] = _rate(n_msgs, build, target=None)
        results["imu_message_push"] = _rate(n_msgs, best(push), target=100_000)
        results["imu_build_and_push"] = _rate(n_msgs, build + best(push), target=100_000)
        results["imu_message_read"] = _rate(n_msgs, best(read), target=None)
        hits, t = cases.client_query(client, imu, repeats)
        results["imu_ontology_query"] = {"rows": n_imu, "seconds": round(t, 4),
                                         "matching_sequences": hits, "target_seconds": 1.0}
        rows, t = cases.client_merged_get(client, data.imu_table(n_msgs // 4), topics=4)
        results["imu_merged_read_4_topics"] = _rate(rows, t, target=None)
        if not args.no_official:
            # Same server process, same script, both packages: ratios from one run.
            results["vs_official"] = peers.compare(port, 4_000 if args.quick else 20_000)
    with bare_server_process() as bare_port:  # the ingest ceiling: same batches, bare server
        bare = best([cases.bare_put(bare_port, imu) for _ in range(repeats)])
    results["mock_server_ingest"] = {
        "ratio_vs_bare_pyarrow_server": round(bare / raw_put_best["imu"], 3),
        "bare_MB_s": round(imu.nbytes / 1e6 / bare, 1),
        "mock_MB_s": round(imu.nbytes / 1e6 / raw_put_best["imu"], 1), "target_ratio": 0.8}
    results["import_seconds"] = {"value": round(import_time(), 4), "target": 0.25}
    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.system()}, "
                       f"Python {platform.python_version()}",
            "quick": args.quick, "sizes": {"imu_rows": n_imu, "messages": n_msgs,
                                           "images": n_img, "image_bytes": 512 * 1024},
            "results": results, "targets": targets.evaluate(results)}


def _ratio(mb: float, raw_s: float, ours_s: float, unit: str) -> dict:
    return {"ratio_vs_raw": round(raw_s / ours_s, 3), "raw_MB_s": round(mb / raw_s, 1),
            "ours_MB_s": round(mb / ours_s, 1), "target_ratio": 0.9}


def _rate(count: int, seconds: float, target: int | None) -> dict:
    out = {"per_second": round(count / seconds), "us_per_item": round(seconds / count * 1e6, 3)}
    if target:
        out["target_per_second"] = target
    return out


def print_official(row: dict) -> None:
    """The side-by-side with the official package."""
    print(f"\nvs official mosaicolabs 0.3.2 ({row['messages']} IMU messages, same script):")
    print(f"{'':<22}{'official':>12}{'ours':>12}{'speed-up':>10}")
    for key, label in (("push_s", "push (per message)"), ("read_s", "read (per message)"),
                       ("merged_read_s", "merged read, 4 topics"), ("build_s", "build messages"),
                       ("import_s", "import + names")):
        print(f"{label:<22}{row['official'][key]:>11.3f}s{row['ours'][key]:>11.3f}s"
              f"{row['speedup'].get(key, 0):>9}x")
    print(f"{'query':<22}{row['official']['query_s']:>11.4f}s{row['ours']['query_s']:>11.4f}s")
    heap = "heap per buffered msg"
    print(f"{heap:<22}{row['official']['heap_bytes_per_buffered_message']:>11.0f}B"
          f"{row['ours']['heap_bytes_per_buffered_message']:>11.0f}B")


def print_table(report: dict) -> None:
    print(f"\nbenchmark {report['date']} on {report['machine']} (quick={report['quick']})")
    print(f"{'case':<28}{'ratio vs raw':>14}{'raw MB/s':>11}{'ours MB/s':>11}{'rate/s':>12}")
    for name, row in report["results"].items():
        if "ratio_vs_raw" in row:
            print(f"{name:<28}{row['ratio_vs_raw']:>14.2f}{row['raw_MB_s']:>11}"
                  f"{row['ours_MB_s']:>11}{'':>12}")
        elif "seconds" in row:
            print(f"{name:<28}{row['seconds']:>14} s over {row['rows']:,} rows")
        elif "per_second" in row:
            print(f"{name:<28}{'':>14}{'':>11}{'':>11}{row['per_second']:>12,}")
        elif name in ("vs_official", "mock_server_ingest"):
            continue
        else:
            print(f"{name:<28}{row['value']:>14}")
    if "vs_official" in report["results"]:
        print_official(report["results"]["vs_official"])
    print("\ntargets (performance.md):")
    for name, row in report["targets"].items():
        mark = "met" if row["met"] else "GAP"
        note = f"  ({row['note']})" if row.get("note") and not row["met"] else ""
        print(f"  {mark:<4} {name:<32} {row['value']!s:>14}  target {row['target']}{note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mosaico client benchmarks")
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat (CI)")
    parser.add_argument("--no-official", action="store_true",
                        help="skip the official package (its venv needs PyPI the first time)")
    parser.add_argument("--json", default=None, help="where to write (default per benchmark)")
    parser.add_argument("--compression", action="store_true",
                        help="run the compression benchmark (bytes on the wire, MB/s)")
    args = parser.parse_args(argv)
    if args.compression:
        from . import compression

        return compression.main((["--quick"] if args.quick else [])
                                + (["--json", args.json] if args.json else []))
    args.json = args.json or "bench/results/latest.json"
    run_and_save(lambda: run(args), args.json, print_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
