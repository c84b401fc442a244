"""``import mosaicolabs`` in a fresh interpreter: bare, and with every public name touched.

"Every public name" is every name of ``mosaicolabs.__all__``, loaded through the package's
lazy exports (``getattr`` on the package), as a user's ``from mosaicolabs import ...``
would. Each figure is a fresh subprocess (nothing cached in memory but the OS's file
cache and the bytecode caches, written by one untimed run); best and median of the
repeats are reported, the verdict uses the median.
"""

from __future__ import annotations

import os
import subprocess
import sys

from .stats import REPEATS, summary

__all__ = ["import_times"]

_BARE = ("import time; t = time.perf_counter(); import mosaicolabs; "
         "print(time.perf_counter() - t)")
_NAMES = ("import time; t = time.perf_counter(); import mosaicolabs; "
          "[getattr(mosaicolabs, n) for n in mosaicolabs.__all__]; "
          "print(time.perf_counter() - t, len(mosaicolabs.__all__))")


def _run(code: str) -> list[str]:
    # Bytecode caches allowed even where the environment forbids them: an installed
    # package has its .pyc files, and compiling every module on each start is not what
    # its users pay (the untimed first run writes them).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=env)
    return done.stdout.split()


def _row(samples: list[float], what: str, **extra) -> dict:
    stats = summary(samples, 4)
    return {"value": stats["median"], "best": stats["min"], "seconds_stats": stats,
            "what": what, "statistic": REPEATS, "target": 0.25, **extra}


def import_times(repeats: int) -> dict:
    """Both figures, alternating bare and with names, ``repeats`` fresh processes each."""
    _run(_NAMES)  # untimed: the OS file cache holds the modules, as on any second run
    bare: list[float] = []
    names: list[float] = []
    count = 0
    for _ in range(repeats):
        bare.append(float(_run(_BARE)[0]))
        seconds, n = _run(_NAMES)
        names.append(float(seconds))
        count = int(n)
    return {"import_seconds": _row(bare, "import mosaicolabs"),
            "import_and_names_seconds": _row(
                names, "import mosaicolabs + getattr of every name in __all__", names=count)}
