"""ML reads: the official DataFrameExtractor + SyncTransformer (50 Hz, hold, 5 s windows)
vs ours (same classes) and vs our Arrow-first ``aligned``, on one sequence.

``python -m bench.ml [--quick]``: sequences of :mod:`bench.ml_data` (IMU 200 Hz, GPS
10 Hz, a Floating64; 500, 2500 and 5000 s, the longest about 1.3 M messages; 30, 150 and
300 s with ``--quick``) on one mock
server process (:func:`bench.server.server_process`); each run in a fresh process (the
official venv's python, or ours), alternating, repeated; time and peak RSS per run.
Targets on the longest: ours >= 20x faster; peak memory bounded by the window (at most
1.1x that of the sequence half as long). Writes ``bench/results/ml.json``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .ml_data import write_sequence
from .peers import official_python
from .server import REPO, server_process

SCRIPT = Path(__file__).with_name("ml_script.py")
RESULTS = REPO / "bench" / "results" / "ml.json"


#: Largest peak RSS allowed for the longest sequence, as a multiple of the one half as long.
MEMORY_GROWTH = 1.1


def _run(python: Path, port: int, name: str, mode: str) -> dict[str, Any]:
    cwd = tempfile.mkdtemp() if mode == "official" else str(REPO)  # never our mosaicolabs
    done = subprocess.run([str(python), str(SCRIPT), str(port), name, mode], cwd=cwd,
                          capture_output=True, text=True, timeout=3600)
    if done.returncode:
        raise RuntimeError(f"{mode} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    durations = [30, 150, 300] if quick else [500, 2500, 5000]
    repeats = 2 if quick else 3
    from mosaicolabs import MosaicoClient

    report: dict[str, Any] = {
        "quick": quick, "runs": {},
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.system()}, "
                   f"Python {platform.python_version()}"}
    official = official_python()  # built (or reused) before anything is timed
    with server_process() as port:
        with MosaicoClient.connect("127.0.0.1", port) as client:
            messages = {d: write_sequence(client, f"ml_{d}", d) for d in durations}
        for duration in durations:
            name, runs = f"ml_{duration}", {"official": [], "compat": [], "arrow": []}
            for _ in range(repeats):  # alternating
                runs["official"].append(_run(official, port, name, "official"))
                runs["compat"].append(_run(Path(sys.executable), port, name, "compat"))
                runs["arrow"].append(_run(Path(sys.executable), port, name, "arrow"))
            summary = {mode: {"seconds": statistics.median(r["seconds"] for r in rs),
                              "peak_rss_mb": max(r["peak_rss_mb"] for r in rs),
                              "ticks": rs[0]["ticks"], "rows": rs[0]["rows"]}
                       for mode, rs in runs.items()}
            off = summary["official"]["seconds"]
            for mode in ("compat", "arrow"):
                summary[mode]["speedup"] = off / summary[mode]["seconds"]
            report["runs"][str(duration)] = {"messages": messages[duration], **summary}
            print(json.dumps({"duration_s": duration, "messages": messages[duration],
                              **summary}, indent=1))
    # Bounded memory: doubling the sequence adds (almost) nothing to the peak. The shortest
    # run only shows the ramp while the server's chunks are still below their full size.
    middle, large = (report["runs"][str(d)] for d in durations[-2:])
    report["targets"] = {
        "speedup_compat_ge_20": large["compat"]["speedup"] >= 20,
        "speedup_arrow_ge_20": large["arrow"]["speedup"] >= 20,
        "memory_bounded_compat": large["compat"]["peak_rss_mb"]
        <= MEMORY_GROWTH * middle["compat"]["peak_rss_mb"],
        "memory_bounded_arrow": large["arrow"]["peak_rss_mb"]
        <= MEMORY_GROWTH * middle["arrow"]["peak_rss_mb"],
    }
    print(json.dumps(report["targets"]))
    if not quick:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
