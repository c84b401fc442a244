"""A bare pyarrow Flight server that only stores uploads: the ingest ceiling for the mock server.

``python -m bench.bare_server`` prints ``listening on grpc://127.0.0.1:<port>`` like the
mock server, then keeps every DoPut's batches in memory (no checks, no catalog).
"""

from __future__ import annotations

import signal
import sys
import threading

import pyarrow.flight as flight


class BareServer(flight.FlightServerBase):
    """Reads every upload to the end and keeps it; nothing else."""

    def __init__(self) -> None:
        super().__init__("grpc://127.0.0.1:0")
        self.stored: list = []

    def do_put(self, context, descriptor, reader, writer) -> None:
        self.stored.append(reader.read_all())

    def do_action(self, context, action):
        return []


def main() -> int:
    # The handler goes in before the ready line: a SIGTERM right after it must stop cleanly.
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server = BareServer()
    print(f"listening on grpc://127.0.0.1:{server.port}", flush=True)
    stop.wait()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
