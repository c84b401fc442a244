"""Soak test: concurrent writers and readers against one server process, bounded in time.

``python -m bench.soak [--seconds 120] [--writers 4] [--readers 4]``. Loopback only.
Writers loop: create a sequence, push rows, finalize, delete their sequence from two
rounds ago (so the server's data stays bounded). Readers loop over what exists,
reading whole topics and time windows. Reports throughput, errors (must be zero)
and memory: resident size of both processes after a warm-up and at the end.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from pathlib import Path

from mosaicolabs import Floating64, Message, MosaicoClient
from mosaicolabs.domain.errors import NotFoundError

from .server import server_process_with_pid

ROWS = 2_000


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Counters:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.written = self.read = self.errors = 0
        self.first_error = ""

    def add(self, **deltas: int) -> None:
        with self.lock:
            for name, delta in deltas.items():
                setattr(self, name, getattr(self, name) + delta)

    def fail(self, exc: BaseException) -> None:
        with self.lock:
            self.errors += 1
            self.first_error = self.first_error or f"{type(exc).__name__}: {exc}"


def writer(client: MosaicoClient, k: int, stop: threading.Event, counts: Counters) -> None:
    round_ = 0
    while not stop.is_set():
        name = f"soak_w{k}_{round_}"
        try:
            with client.sequence_create(name, {"writer": k}) as seq:
                topic = seq.topic_create("/v", {}, Floating64)
                for i in range(ROWS):
                    topic.push(Message(timestamp_ns=i, data=Floating64(data=float(i))))
            counts.add(written=ROWS)
            if round_ >= 2:
                client.sequence_delete(f"soak_w{k}_{round_ - 2}")
        except Exception as exc:  # counted and reported: the soak must see zero
            counts.fail(exc)
        round_ += 1


def reader(client: MosaicoClient, stop: threading.Event, counts: Counters) -> None:
    rng = random.Random()
    while not stop.is_set():
        names = client.list_sequences()
        if not names:
            time.sleep(0.01)
            continue
        try:
            handler = client.topic_handler(rng.choice(names), "/v")
            if handler is None or not handler.locked:
                continue
            rows = sum(1 for _ in handler.get_data_streamer())
            rows += handler.to_arrow(100, 600).num_rows
            counts.add(read=rows)
        except NotFoundError:
            pass  # deleted by its writer between listing and reading: expected
        except Exception as exc:
            counts.fail(exc)
        finally:
            client.clear_topic_handlers_cache()


def run(seconds: float, writers: int, readers: int) -> dict:
    counts, stop = Counters(), threading.Event()
    with server_process_with_pid() as (port, pid), MosaicoClient.connect("127.0.0.1", port) as c:
        threads = [threading.Thread(target=writer, args=(c, k, stop, counts)) for k in
                   range(writers)]
        threads += [threading.Thread(target=reader, args=(c, stop, counts)) for _ in
                    range(readers)]
        for thread in threads:
            thread.start()
        warm = min(5.0, seconds / 4)
        time.sleep(warm)
        base = {"client": rss_mb(), "server": rss_mb(pid), "written": counts.written,
                "read": counts.read, "t": time.perf_counter()}
        time.sleep(max(0.0, seconds - warm))
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        elapsed = time.perf_counter() - base["t"]
        end = {"client": rss_mb(), "server": rss_mb(pid)}
    return {
        "seconds": seconds, "writers": writers, "readers": readers,
        "written_rows_per_s": round((counts.written - base["written"]) / elapsed),
        "read_rows_per_s": round((counts.read - base["read"]) / elapsed),
        "errors": counts.errors, "first_error": counts.first_error,
        "client_rss_mb": [round(base["client"], 1), round(end["client"], 1)],
        "server_rss_mb": [round(base["server"], 1), round(end["server"], 1)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--json", default="bench/results/soak.json")
    args = parser.parse_args(argv)
    report = run(args.seconds, args.writers, args.readers)
    print(json.dumps(report, indent=2))
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=2))
    return 0 if report["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
