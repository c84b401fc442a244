"""Recording import, side by side: ``python -m bench.recordings [--quick] [--json PATH]``.

One run writes a ROS 2 bag (mcap storage, :mod:`bench.recordings_bag`: IMU 200 Hz, GPS
10 Hz, ~100 kB compressed camera frames 10 Hz, TF 50 Hz; 3 minutes, 10 s with
``--quick``) and one image-only bag (the camera topic alone) under a temporary directory,
starts one mock server, and measures against it:

* ``import_vs_official``: the whole bag imported by the official 0.3.2 ``RosbagInjector``
  and by our ``mosaicolabs.recordings.import_recording``, each in its own interpreter
  (:mod:`bench.recordings_script`; the time covers connect + import, not the interpreter
  start nor the package import), the order alternating, each sequence checked and
  deleted after its run: messages/s, peak RSS, the paired speed-up.
* ``image_import_vs_raw``: our import of the image-only bag (in this process) against a
  raw pyarrow Flight DoPut of the same frames as pre-built ``CompressedImage`` record
  batches (:class:`bench.cases.RawFlight`), alternating: image MB/s, paired ratio.

Targets (``/work/shared/performance.md``): speed-up ≥ 20× and image ratio ≥ 0.8, both
medians of paired per-repeat ratios. The full run writes ``bench/results/recordings.json``
(committed; :mod:`bench.readme` renders its README block), ``--quick`` writes
``bench/results/recordings-quick.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from . import stats
from .peers import official_python
from .recordings_bag import CAMERA, Bag, image_table, write_bag
from .report import run_and_save

__all__ = ["TARGETS", "evaluate", "main", "print_report"]

SCRIPT = Path(__file__).resolve().parent / "recordings_script.py"
REPO = Path(__file__).resolve().parent.parent
DEFAULT_JSON, QUICK_JSON = "bench/results/recordings.json", "bench/results/recordings-quick.json"
FRAME_BYTES = 100_000
#: name -> (results row, key of the value, minimum, description)
TARGETS = {"import_vs_official": ("import_vs_official", "speedup", 20.0,
                                  "≥ 20× the official RosbagInjector msg/s (same bag, server)"),
           "image_import_vs_raw": ("image_import_vs_raw", "ratio_vs_raw", 0.8,
                                   "≥ 0.8 of raw Flight bytes/s on the image topic")}


def evaluate(results: dict) -> dict:
    """The verdicts that ``results`` give: met when the median paired ratio reaches the
    minimum; no verdict (with the reason) when the case failed or was not measured."""
    out = {}
    for name, (case, key, minimum, text) in TARGETS.items():
        row = results.get(case)
        value = None if not isinstance(row, dict) else row.get(key)
        verdict = {"target": text, "minimum": minimum, "value": value,
                   "met": None if value is None else value >= minimum}
        if value is None:
            error = (row or {}).get("error") if isinstance(row, dict) else None
            verdict["note"] = f"failed: {error.splitlines()[0]}" if error else "not measured"
        out[name] = verdict
    return out


def run_side(python: str | Path, side: str, bag: Bag, port: int, sequence: str) -> dict:
    """One import in a fresh interpreter, from a scratch cwd; its JSON line."""
    with tempfile.TemporaryDirectory() as cwd:
        done = subprocess.run([str(python), str(SCRIPT), side, str(bag.path), "127.0.0.1",
                               str(port), sequence], capture_output=True, text=True, cwd=cwd,
                              timeout=3600, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})
    if done.returncode != 0:
        raise RuntimeError(f"{side} import failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _check_and_delete(client, sequence: str, bag: Bag, row: dict) -> None:
    """The sequence must hold every topic of the bag (the official injector logs its
    errors instead of raising); then it is deleted."""
    handler = client.sequence_handler(sequence)
    stored = sorted(handler.topics) if handler is not None else []
    if handler is not None:
        client.sequence_delete(sequence)
    if stored != sorted(bag.counts):
        raise RuntimeError(f"{sequence}: stored topics {stored}, expected {sorted(bag.counts)}")
    if row.get("messages", bag.messages) != bag.messages or row.get("skipped"):
        raise RuntimeError(f"{sequence}: imported {row.get('messages')} of {bag.messages} "
                           f"messages, {row.get('skipped')} skipped")


def _side_row(bag: Bag, runs: list[dict]) -> dict:
    seconds = stats.summary([r["seconds"] for r in runs])
    rss = stats.summary([r["maxrss_kb"] / 1024 for r in runs], 1)
    return {"msgs_per_s": round(bag.messages / seconds["median"]),
            "MB_per_s": round(sum(bag.bytes.values()) / 1e6 / seconds["median"], 1),
            "seconds": seconds["median"], "seconds_stats": seconds,
            "peak_rss_MB": rss["median"], "peak_rss_MB_stats": rss}


def vs_official(client, port: int, bag: Bag, repeats: int) -> dict:
    """Both importers on the same bag, ``repeats`` runs each, order alternating."""
    from .cases import fresh

    pythons = {"official": official_python(), "ours": Path(sys.executable)}
    runs: dict[str, list[dict]] = {"official": [], "ours": []}
    for i in range(repeats):
        for side in (("official", "ours") if i % 2 == 0 else ("ours", "official")):
            sequence = fresh(f"rec_{side}")
            row = run_side(pythons[side], side, bag, port, sequence)
            _check_and_delete(client, sequence, bag, row)
            runs[side].append(row)
            print(f"[recordings] {side:<8} run {i + 1}: {row['seconds']:.2f} s, "
                  f"{bag.messages / row['seconds']:,.0f} msg/s, "
                  f"peak RSS {row['maxrss_kb'] / 1024:.0f} MB", flush=True)
    ratios = stats.summary(stats.paired_ratios([r["seconds"] for r in runs["official"]],
                                               [r["seconds"] for r in runs["ours"]]), 2)
    return {"messages": bag.messages, "runs": repeats, "official": _side_row(bag, runs["official"]),
            "ours": _side_row(bag, runs["ours"]), "speedup": ratios["median"],
            "speedup_stats": ratios, "statistic": stats.PAIRED + "; msg/s from the median time",
            "timed": "connect + import in a fresh interpreter (package imported beforehand)"}


def images_vs_raw(client, port: int, bag: Bag, repeats: int) -> dict:
    """Our import of the image-only bag vs raw DoPut of the same frames, alternating."""
    from mosaicolabs import CompressedImage
    from mosaicolabs.recordings import import_recording

    from .cases import RawFlight, fresh, timed

    table = image_table(bag, FRAME_BYTES)
    raw = RawFlight(port)
    times: dict[str, list[float]] = {"raw": [], "ours": []}

    def ours() -> None:
        sequence = fresh("rec_images")
        times["ours"].append(timed(lambda: import_recording(client, bag.path, sequence)))
        _check_and_delete(client, sequence, bag, {})

    def flight() -> None:
        sequence, seconds = raw.put(table, CompressedImage.__ontology_tag__)
        times["raw"].append(seconds)
        client.sequence_delete(sequence)

    ours(), flight()  # warm-up: imports, connections, first allocations (not kept)
    times = {"raw": [], "ours": []}
    for i in range(repeats):
        for step in ((flight, ours) if i % 2 == 0 else (ours, flight)):
            step()
    row = stats.ratio_row(bag.image_bytes / 1e6, times["raw"], times["ours"], target=0.8)
    row.update(frames=bag.counts[CAMERA], frame_bytes=FRAME_BYTES,
               image_MB=round(bag.image_bytes / 1e6, 1),
               bytes="MB/s count the frames' data bytes on both sides; ours reads, decodes, "
                     "maps and pushes the bag, raw sends pre-built record batches")
    return row


def run(args: argparse.Namespace) -> dict:
    from mosaicolabs import MosaicoClient

    from .server import server_process

    seconds, repeats = (10.0, 2) if args.quick else (180.0, 5)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-recordings-") as tmp:
        bag = write_bag(Path(tmp) / "drive", seconds, FRAME_BYTES)
        images = write_bag(Path(tmp) / "camera", seconds, FRAME_BYTES, topics=(CAMERA,))
        print(f"[recordings] bag: {bag.describe()}", flush=True)
        with server_process() as port, MosaicoClient.connect("127.0.0.1", port) as client:
            for name, case in (("import_vs_official", lambda: vs_official(client, port, bag,
                                                                          repeats)),
                               ("image_import_vs_raw", lambda: images_vs_raw(
                                   client, port, images, repeats))):
                try:
                    results[name] = case()
                except Exception as exc:  # recorded and printed; the run goes on
                    results[name] = {"error": f"{type(exc).__name__}: {exc}"}
        sizes = {"bag": bag.describe(), "image_bag": images.describe(), "repeats": repeats,
                 "frame_bytes": FRAME_BYTES}
    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.system()}, "
                       f"Python {platform.python_version()}",
            "server": {"kind": "mock"}, "quick": bool(args.quick), "sizes": sizes,
            "statistics": stats.RULE, "results": results, "targets": evaluate(results)}


def print_report(report: dict) -> None:
    """The printed table: both importers, the image comparison, the verdicts."""
    bag, results = report["sizes"]["bag"], report["results"]
    print(f"\nrecording import, mock server, {report['sizes']['repeats']} runs per side "
          f"interleaved; bag {bag['seconds']:.0f} s, {bag['messages']} messages, "
          f"{bag['file_MB']} MB (medians; ratio = median of paired ratios, range after)")
    row = results.get("import_vs_official", {})
    if "error" in row:
        print(f"  vs official: FAILED: {row['error']}")
    elif row:
        print(f"{'':<26}{'official':>12}{'ours':>12}{'ratio':>9}  range")
        span = f"{row['speedup_stats']['min']}-{row['speedup_stats']['max']}x"
        print(f"{'whole bag, msg/s':<26}{row['official']['msgs_per_s']:>12,}"
              f"{row['ours']['msgs_per_s']:>12,}{row['speedup']:>8}x  {span}")
        print(f"{'whole bag, seconds':<26}{row['official']['seconds']:>12.2f}"
              f"{row['ours']['seconds']:>12.2f}")
        print(f"{'peak RSS, MB':<26}{row['official']['peak_rss_MB']:>12.0f}"
              f"{row['ours']['peak_rss_MB']:>12.0f}")
    row = results.get("image_import_vs_raw", {})
    if "error" in row:
        print(f"  images vs raw: FAILED: {row['error']}")
    elif row:
        span = f"{row['ratio_stats']['min']}-{row['ratio_stats']['max']}"
        print(f"{'':<26}{'raw Flight':>12}{'ours':>12}{'ratio':>9}  range")
        print(f"{'image-only bag, MB/s':<26}{row['raw_MB_s']:>12}{row['ours_MB_s']:>12}"
              f"{row['ratio_vs_raw']:>9}  {span}")
    print()
    for name, verdict in report["targets"].items():
        met = {True: "met", False: "MISSED", None: "no verdict"}[verdict["met"]]
        print(f"{name:<22}{verdict['target']:<58}{verdict['value']!s:>8}  {met}"
              + (f" ({verdict['note']})" if verdict.get("note") else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Recording import benchmark")
    parser.add_argument("--quick", action="store_true", help="a 10 s bag, two runs per side")
    parser.add_argument("--json", default=None, help="where to write the report")
    args = parser.parse_args(argv)
    run_and_save(lambda: run(args), args.json or (QUICK_JSON if args.quick else DEFAULT_JSON),
                 print_report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
