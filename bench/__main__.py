"""Run the benchmarks: ``python -m bench [--quick] [--json PATH] [--server mock|mosaicod]``.

``--compression`` runs the compression benchmark instead (:mod:`bench.compression`,
also ``python -m bench.compression``; JSON in ``bench/results/compression.json``).

One server serves every case: the mock server (default) or, with ``--server mosaicod``,
the real mosaicod 0.3.0 started through :mod:`harness.mosaicod` (as a process unless
``--mosaicod-runtime container``; the optimised build is preferred when cached). The raw
pyarrow Flight ceiling, this client and the official package are measured in the same
run on the same server and data, interleaved, N repeats (:mod:`bench.suite`); every case
reports min/median/max and every verdict uses a median (:mod:`bench.stats`). Ratios compare
against the ceiling (1.00 = as fast as bare Flight). A case that fails on the server is
recorded as ``{"error": ...}`` and printed; the run goes on.

The full run writes ``bench/results/latest.json`` (``latest-mosaicod.json``), committed
with the code; ``--quick`` (a smoke test) writes ``bench/results/quick.json``
(``quick-mosaicod.json``), never the committed files.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from datetime import datetime, timezone

from . import servers, stats, suite, targets
from .report import run_and_save
from .table import print_table

DEFAULT_JSON = {"mock": "bench/results/latest.json",
                "mosaicod": "bench/results/latest-mosaicod.json"}
QUICK_JSON = {"mock": "bench/results/quick.json",
              "mosaicod": "bench/results/quick-mosaicod.json"}


def run(args: argparse.Namespace) -> dict:
    plan = suite.Plan.of(args.quick, not args.no_official)
    work = suite.Workload.build(plan)
    with servers.started(args.server, args.mosaicod_bin, args.mosaicod_runtime) as server:
        print(f"[bench] measuring against {args.server} on port {server.port}", flush=True)
        results = suite.measure(server.port, plan, work)
        failed = suite.failures(results)
        log_tail = server.log() if failed and server.log is not None else None
    if args.server == "mock":
        suite.mock_only(results, plan, work)
    else:
        suite.skip_mock_only(results, args.server)
    report = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.system()}, "
                         f"Python {platform.python_version()}",
              "server": server.info, "quick": plan.quick, "sizes": plan.sizes(),
              "statistics": stats.RULE,
              "results": results, "targets": targets.evaluate(results, args.server),
              "failures": suite.failures(results)}
    if log_tail:
        report["server_log_tail"] = log_tail
    return report


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Mosaico client benchmarks")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes, two repeats (CI smoke test)")
    parser.add_argument("--no-official", action="store_true",
                        help="skip the official package (its venv needs PyPI the first time)")
    parser.add_argument("--json", default=None, help="where to write (default per benchmark)")
    parser.add_argument("--compression", action="store_true",
                        help="run the compression benchmark (bytes on the wire, MB/s)")
    parser.add_argument("--server", choices=servers.KINDS, default="mock",
                        help="the server to measure against (default: the mock server)")
    parser.add_argument("--mosaicod-bin", default=None, metavar="PATH",
                        help="the mosaicod binary (default: $MOSAICOD_BIN, else the cached "
                             "optimised build, else the cached release build)")
    parser.add_argument("--mosaicod-runtime", choices=("process", "container"),
                        default="process", help="how mosaicod runs (default: process, so "
                                                "no Docker networking is in the timings)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.compression:
        from . import compression

        return compression.main((["--quick"] if args.quick else [])
                                + (["--json", args.json] if args.json else []))
    args.json = args.json or (QUICK_JSON if args.quick else DEFAULT_JSON)[args.server]
    if args.server == "mosaicod":
        from harness.mosaicod import MosaicodUnavailable

        try:
            servers.choose_binary(args.mosaicod_bin)  # fail fast, before building the data
            run_and_save(lambda: run(args), args.json, print_table)
        except MosaicodUnavailable as exc:
            print(f"bench: cannot run against mosaicod: {exc}", file=sys.stderr)
            return 2
        return 0
    run_and_save(lambda: run(args), args.json, print_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
