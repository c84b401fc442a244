"""The README's main job (``./dev demo``) runs end to end and reports success."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_runs_and_checks_itself():
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "demo.py"), "--seconds", "3"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "-> OK" in done.stdout
    assert "query hit: demo_drive /sensors/imu" in done.stdout
