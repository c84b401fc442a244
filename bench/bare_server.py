"""A bare pyarrow Flight server that only stores uploads: the ingest ceiling for the mock server.

``python -m bench.bare_server [--keep last|all]`` prints ``listening on grpc://127.0.0.1:<port>``
like the mock server, then reads every DoPut to the end and stores it (no checks, no catalog).

The rule: a baseline does exactly what ours does with the bytes. In the ingest benchmark
the mock server holds one upload at a time (each sequence is deleted before the next
upload), so the default ``--keep last`` drops the previous upload when a new one starts
and keeps only the last one. ``--keep all`` keeps every upload forever (each run then
faults in fresh memory): offered to compare with a server that keeps every upload, it
is not the baseline of the mock server ingest benchmark.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

import pyarrow.flight as flight

KEEP = ("last", "all")


class BareServer(flight.FlightServerBase):
    """Reads every upload to the end and stores it (the last one, or all); nothing else."""

    def __init__(self, keep: str = "last") -> None:
        if keep not in KEEP:
            raise ValueError(f"keep must be one of {KEEP}, got {keep!r}")
        super().__init__("grpc://127.0.0.1:0")
        self.keep = keep
        self.stored: list = []

    def do_put(self, context, descriptor, reader, writer) -> None:
        if self.keep == "last":
            self.stored = []  # as the mock after sequence_delete: the previous upload is gone
        self.stored.append(reader.read_all())

    def do_action(self, context, action):
        return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="bare pyarrow Flight server (stores uploads)")
    parser.add_argument("--keep", choices=KEEP, default="last",
                        help="store only the last upload (default) or every upload")
    args = parser.parse_args(argv)
    # The handler goes in before the ready line: a SIGTERM right after it must stop cleanly.
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server = BareServer(args.keep)
    print(f"listening on grpc://127.0.0.1:{server.port} (keep {args.keep})", flush=True)
    stop.wait()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
