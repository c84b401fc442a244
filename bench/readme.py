"""The README's benchmark tables, generated from the committed JSON of a full run.

``python -m bench.readme`` prints the blocks; ``python -m bench.readme --write`` puts them
into README.md between ``<!-- bench:mock -->``/``<!-- /bench:mock -->`` (and the same
for ``mosaicod``, and ``recordings``: the run of :mod:`bench.recordings`).
``tests/unit/test_bench_verdicts.py`` checks that the README holds exactly what this
module makes of the committed files, so the tables cannot drift from the run they claim
to show.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from .readme_ml import ml_block

REPO = Path(__file__).resolve().parent.parent
RESULTS = {"ml": REPO / "bench/results/ml.json",
           "mock": REPO / "bench/results/latest.json",
           "mosaicod": REPO / "bench/results/latest-mosaicod.json",
           "recordings": REPO / "bench/results/recordings.json"}
README = REPO / "README.md"
PEERS = (("push_s", "`push(Message(...))` per message (built beforehand), then finalize"),
         ("build_s", "building the `Message`/`IMU` objects"),
         ("build_and_push_s", "build + push, as user code does it"),
         ("read_s", "`get_data_streamer()` per message"),
         ("merged_read_s", "merged read of 4 topics"),
         ("import_s", "`import` + public names"))
RAW = (("imu_columnar_write", "IMU columnar write (`push_batch`, 1 M rows)"),
       ("imu_arrow_read", "IMU Arrow read (`to_arrow`)"),
       ("image_columnar_write", "image columnar write (200 × 512 kB)"),
       ("image_arrow_read", "image Arrow read"))


def _verdict(report: dict[str, Any], name: str) -> str:
    met = report["targets"].get(name, {}).get("met")
    return {True: "met", False: "**missed**", None: "no verdict"}[met]


def _header(report: dict[str, Any], kind: str) -> list[str]:
    server = report["server"]
    build = "LTO optimized" if server.get("optimized") else "release"
    what = "the mock server" if kind == "mock" else (
        f"{server.get('version', 'mosaicod')} ({build} build, run as a local process)")
    return [f"Run {report['date'][:16].replace('T', ' ')} UTC on {report['machine']}, against "
            f"{what}: `python -m bench{'' if kind == 'mock' else ' --server mosaicod'}`, "
            f"{report['elapsed_s']:.0f} s. Medians; a ratio is the median of paired per-repeat "
            "ratios (ranges in the JSON).", ""]


def _peers(report: dict[str, Any]) -> list[str]:
    row = report["results"].get("vs_official", {})
    if "speedup" not in row:
        return ["vs the official package: not measured in this run.", ""]
    out = [f"| vs the official package ({row['messages']} IMU messages, {row['runs']} runs "
           "each, same script, same server) | official | ours | speed-up |", "|---|---|---|---|"]
    for key, label in PEERS:
        if key in row["speedup"]:
            out.append(f"| {label} | {row['official'][key]:.3f} s | {row['ours'][key]:.3f} s "
                       f"| {row['speedup'][key]}× |")
    return [*out, ""]


def _breakdown(report: dict[str, Any]) -> list[str]:
    row = report["results"].get("imu_write_breakdown")
    if not row or "us_per_message" not in row:
        return []
    stages = ", ".join(f"{name.replace('_', ' ')} {value} µs"
                       for name, value in row["us_per_message"].items())
    return [f"Where a user-shaped write of one IMU message goes ({row['messages']} messages, "
            f"medians of {row.get('repeats', '?')} repeats): {stages}; "
            f"{row['total_us_per_message']} µs in all, {row['end_to_end_per_second']:,} msg/s "
            "end to end.", ""]


def _raw(report: dict[str, Any]) -> list[str]:
    out = ["| vs raw pyarrow Flight (ceiling) | raw | ours | ratio | target ≥ 0.9 |",
           "|---|---|---|---|---|"]
    names = {"imu_columnar_write": "columnar_write_vs_raw", "imu_arrow_read": "arrow_read_vs_raw",
             "image_columnar_write": "image_write_vs_raw", "image_arrow_read": "image_read_vs_raw"}
    for case, label in RAW:
        row = report["results"].get(case, {})
        if "ratio_vs_raw" in row:
            out.append(f"| {label} | {row['raw_MB_s']:.0f} MB/s | {row['ours_MB_s']:.0f} MB/s "
                       f"| {row['ratio_vs_raw']:.2f} | {_verdict(report, names[case])} |")
    return [*out, ""]


def _targets(report: dict[str, Any]) -> list[str]:
    out = ["| target (performance.md) | value | verdict |", "|---|---|---|"]
    for name, row in report["targets"].items():
        value = row.get("value")
        shown = "—" if value is None else f"{value}"
        out.append(f"| {name}: {row['target']} | {shown} | {_verdict(report, name)} |")
    return out


def _recordings(report: dict[str, Any]) -> str:
    """The block of ``python -m bench.recordings``: official vs ours, ours vs raw Flight."""
    bag, results = report["sizes"]["bag"], report["results"]
    topics = ", ".join(f"{name} {count}" for name, count in bag["per_topic"].items())
    out = [f"Run {report['date'][:16].replace('T', ' ')} UTC on {report['machine']}, against "
           f"the mock server: `python -m bench.recordings`, {report['elapsed_s']:.0f} s. A ROS 2 "
           f"bag (mcap storage) of {bag['seconds']:.0f} s: {bag['messages']} messages "
           f"({topics}), {bag['file_MB']} MB; {report['sizes']['repeats']} runs per side, "
           "interleaved. Medians; a ratio is the median of paired per-repeat ratios "
           "(ranges in the JSON).", "",
           "| recording import | official `RosbagInjector` | ours `import_recording` | ratio "
           "| verdict |", "|---|---|---|---|---|"]
    row = results.get("import_vs_official", {})
    if "speedup" in row:
        official, ours = row["official"], row["ours"]
        out += [f"| whole bag, messages/s | {official['msgs_per_s']:,} | {ours['msgs_per_s']:,} "
                f"| {row['speedup']}× (target ≥ 20×) | "
                f"{_verdict(report, 'import_vs_official')} |",
                f"| whole bag, peak RSS | {official['peak_rss_MB']:.0f} MB "
                f"| {ours['peak_rss_MB']:.0f} MB | | |"]
    row = results.get("image_import_vs_raw", {})
    if "ratio_vs_raw" in row:
        out += ["", "| image topic alone | raw pyarrow Flight DoPut | ours `import_recording` "
                "| ratio | verdict |", "|---|---|---|---|---|",
                f"| {row['frames']} frames × {row['frame_bytes'] // 1000} kB, image MB/s "
                f"| {row['raw_MB_s']:.0f} MB/s | {row['ours_MB_s']:.0f} MB/s "
                f"| {row['ratio_vs_raw']:.2f} (target ≥ 0.8) "
                f"| {_verdict(report, 'image_import_vs_raw')} |"]
    return "\n".join(out)


def block(kind: str) -> str:
    """The markdown for the committed run on ``kind`` (``mock``, ``mosaicod`` or
    ``recordings``)."""
    report = json.loads(RESULTS[kind].read_text())
    if kind == "recordings":
        return _recordings(report)
    if kind == "ml":
        return ml_block(report)
    return "\n".join([*_header(report, kind), *_peers(report), *_breakdown(report),
                      *_raw(report),
                      *_targets(report)])


def _span(kind: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- bench:{kind} -->\n)(.*?)(\n<!-- /bench:{kind} -->)", re.S)


def readme_block(kind: str, text: str) -> str | None:
    """What README ``text`` holds between the markers of ``kind``."""
    found = _span(kind).search(text)
    return None if found is None else found.group(2)


def main(argv: list[str]) -> int:
    kinds = [k for k in RESULTS if RESULTS[k].exists()]
    if "--write" not in argv:
        for kind in kinds:
            print(f"<!-- bench:{kind} -->\n{block(kind)}\n<!-- /bench:{kind} -->\n")
        return 0
    text = README.read_text()
    for kind in kinds:
        if readme_block(kind, text) is None:
            print(f"README.md has no <!-- bench:{kind} --> block", file=sys.stderr)
            return 1
        text = _span(kind).sub(lambda m, k=kind: m.group(1) + block(k) + m.group(3), text)
    README.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
