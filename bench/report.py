"""Running a benchmark and saving its report: shared by every ``bench`` entry point."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable

__all__ = ["run_and_save"]


def run_and_save(measure: Callable[[], dict], path: str, show: Callable[[dict], None]) -> dict:
    """Run ``measure``, add its duration, print it with ``show`` and write JSON to ``path``."""
    started = time.perf_counter()
    report = measure()
    report["elapsed_s"] = round(time.perf_counter() - started, 1)
    show(report)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, indent=2))
    print(f"\nwritten to {target} in {report['elapsed_s']} s")
    return report
