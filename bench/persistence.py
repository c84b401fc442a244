"""Cost of one catalog write with a data directory: ``python -m bench.persistence``.

Times ``create_sequence`` and ``create_notification`` on a :class:`MemoryEngine`
keeping its state in a data directory (every write synced to disk, as the mock
server does) with 100 and with 5 000 existing sequences, and with 100 sequences
plus one sequence whose metadata holds a 100 MB value. The write cost should not
depend on the row: a write journals only what changed (see
``adapters/memory/persistence.py``). Setting a catalog up is not timed, and is done
without fsync to keep the run short.

Options: ``--dir PATH`` (where the data directories go; the system's temporary
folder by default: put it on the disk you care about), ``--writes N`` (per case
and operation, 200), ``--big-mb N`` (size of the large value, 100).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from contextlib import contextmanager
from typing import Callable, Iterator

from mosaicolabs.adapters.memory import MemoryEngine

__all__ = ["main", "measure"]


@contextmanager
def _no_fsync() -> Iterator[None]:
    """Skip fsync while a catalog is set up (only the timed writes need to sync)."""
    real = os.fsync
    os.fsync = lambda fd: None
    try:
        yield
    finally:
        os.fsync = real


def _populate(engine: MemoryEngine, sequences: int, big_bytes: int) -> None:
    with _no_fsync():
        for n in range(sequences):
            engine.create_sequence(f"seq_{n:05}", {"site": {"name": "lab", "n": n}})
        if big_bytes:
            engine.create_sequence("big", {"blob": "x" * big_bytes})


def _time(write: Callable[[int], None], count: int) -> list[float]:
    """Milliseconds taken by each of ``count`` calls of ``write(i)``."""
    times = []
    for i in range(count):
        start = time.perf_counter()
        write(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure(folder: str, sequences: int, big_bytes: int, writes: int) -> dict[str, list[float]]:
    """Per-write times (ms) of both operations on a catalog of ``sequences`` sequences."""
    with tempfile.TemporaryDirectory(dir=folder) as data_dir:
        engine = MemoryEngine(data_dir=data_dir)
        _populate(engine, sequences, big_bytes)
        owner = "big" if big_bytes else "seq_00000"
        return {
            "create_sequence": _time(lambda i: engine.create_sequence(f"new_{i}", {"i": i}),
                                     writes),
            "create_notification": _time(
                lambda i: engine.create_notification(owner, "error", f"note {i}"), writes),
        }


def _cells(times: list[float]) -> str:
    return (f"{statistics.median(times):>8.2f}{statistics.fmean(times):>8.2f}"
            f"{max(times):>8.1f}")


def main(argv: list[str] | None = None) -> None:
    """Run the three cases and print a table of milliseconds per write."""
    parser = argparse.ArgumentParser(prog="python -m bench.persistence")
    parser.add_argument("--dir", default=None, help="where the data directories go")
    parser.add_argument("--writes", type=int, default=200, help="timed writes per case (200)")
    parser.add_argument("--big-mb", type=int, default=100, help="size of the large value (100)")
    args = parser.parse_args(argv)
    folder = args.dir or tempfile.gettempdir()
    cases = [("100 sequences", 100, 0), ("5 000 sequences", 5000, 0),
             (f"100 sequences + {args.big_mb} MB value", 100, args.big_mb * 1_000_000)]
    print(f"catalog writes, data directory under {folder}, fsync per write, "
          f"{args.writes} writes per cell; ms per write")
    print(f"{'':<32}{'create_sequence':^24}{'create_notification':^24}")
    print(f"{'catalog':<32}" + f"{'median':>8}{'mean':>8}{'max':>8}" * 2)
    for label, sequences, big in cases:
        row = measure(folder, sequences, big, args.writes)
        print(f"{label:<32}{_cells(row['create_sequence'])}{_cells(row['create_notification'])}",
              flush=True)


if __name__ == "__main__":
    main()
