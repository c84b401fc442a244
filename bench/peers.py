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


def compare(port: int, messages: int) -> dict:
    """Both packages' figures and our speed-ups (official time / our time).

    A side that fails is recorded as ``{"error": ...}`` (with the end of its stderr, where
    the server's message is) and the whole row gets an ``error``; the other side still runs.
    """
    sides: dict[str, dict] = {}
    for side, python in (("official", official_python), ("ours", lambda: sys.executable)):
        try:
            sides[side] = run_peer(python(), port, messages)
        except Exception as exc:  # reported, not hidden
            sides[side] = {"error": f"{type(exc).__name__}: {exc}"}
    failed = [f"{side} package: {row['error']}" for side, row in sides.items() if "error" in row]
    if failed:
        return {"messages": messages, **sides, "error": "\n".join(failed)}
    official, ours = sides["official"], sides["ours"]
    speedup = {key: round(official[key] / ours[key], 1) for key in
               ("build_s", "push_s", "read_s", "merged_read_s", "import_s") if ours[key] > 0}
    return {"messages": messages, "official": official, "ours": ours, "speedup": speedup,
            "push_msgs_per_s": {"official": round(messages / official["push_s"]),
                                "ours": round(messages / ours["push_s"])},
            "read_msgs_per_s": {"official": round(messages / official["read_s"]),
                                "ours": round(messages / ours["read_s"])}}
