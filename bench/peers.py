"""Run ``peer_script.py`` with the official package and with ours, against one server.

The official ``mosaicolabs==0.3.2`` lives in its own virtual environment (the same
cached one the conformance suite uses); ours is this interpreter. Both run the same
script, so the comparison is the same work through the same documented API.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from .stats import PAIRED, paired_ratios, summary

__all__ = ["compare", "official_python", "run_peer"]

SCRIPT = Path(__file__).resolve().parent / "peer_script.py"


def official_python() -> Path:
    """The official package's interpreter (its venv is built on first use, then cached)."""
    from tests.conformance.official_env import ensure_official_venv  # one builder, shared

    python, _ = ensure_official_venv()
    return python


def run_peer(python: str | Path, port: int, messages: int) -> dict:
    """Run the script with ``python``; a scratch cwd keeps the repo off its import path."""
    with tempfile.TemporaryDirectory() as cwd:
        done = subprocess.run([str(python), str(SCRIPT), "127.0.0.1", str(port), str(messages)],
                              capture_output=True, text=True, cwd=cwd, timeout=900,
                              env={"PATH": "/usr/bin:/bin"})
    if done.returncode != 0:
        raise RuntimeError(f"{python} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


KEYS = ("build_s", "push_s", "build_and_push_s", "read_s", "merged_read_s", "import_s",
        "query_s", "heap_bytes_per_buffered_message")
SPEEDUPS = ("build_s", "push_s", "build_and_push_s", "read_s", "merged_read_s", "import_s")


def _medians(runs: list[dict]) -> dict:
    """Per key, the median over the runs (and every key's min/median/max)."""
    row = {key: summary([run[key] for run in runs], 6)["median"] for key in KEYS}
    row["stats"] = {key: summary([run[key] for run in runs], 6) for key in KEYS}
    row["package"] = runs[0].get("package")
    return row


def compare(port: int, messages: int, repeats: int = 1) -> dict:
    """Both packages' figures and our speed-ups (official time / our time), ``repeats``
    runs per side alternating which goes first; a speed-up is the median of the paired
    per-run ratios, each side's figures the medians of its runs.

    A side that fails is recorded as ``{"error": ...}`` (with the end of its stderr, where
    the server's message is) and the whole row gets an ``error``; the other side still runs.
    """
    pythons = {"official": official_python, "ours": lambda: sys.executable}
    runs: dict[str, list[dict]] = {"official": [], "ours": []}
    errors: dict[str, str] = {}
    for i in range(repeats):
        for side in (("official", "ours") if i % 2 == 0 else ("ours", "official")):
            if side in errors:
                continue
            try:
                runs[side].append(run_peer(pythons[side](), port, messages))
            except Exception as exc:  # reported, not hidden
                errors[side] = f"{type(exc).__name__}: {exc}"
    if errors:
        sides = {side: ({"error": errors[side]} if side in errors else _medians(runs[side]))
                 for side in runs}
        failed = "\n".join(f"{side} package: {msg}" for side, msg in errors.items())
        return {"messages": messages, **sides, "error": failed}
    official, ours = _medians(runs["official"]), _medians(runs["ours"])
    ratios = {key: summary(paired_ratios([r[key] for r in runs["official"]],
                                         [r[key] for r in runs["ours"]]), 2)
              for key in SPEEDUPS}
    return {"messages": messages, "runs": repeats, "official": official, "ours": ours,
            "speedup": {key: round(stats["median"], 1) for key, stats in ratios.items()},
            "speedup_stats": ratios, "statistic": PAIRED,
            "push_msgs_per_s": {"official": round(messages / official["push_s"]),
                                "ours": round(messages / ours["push_s"])},
            "read_msgs_per_s": {"official": round(messages / official["read_s"]),
                                "ours": round(messages / ours["read_s"])}}
