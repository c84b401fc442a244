"""Demo: an embedded mock server, a multi-topic recording written, read back and summarised.

Run with ``./dev demo`` (or ``python examples/demo.py --seconds 60``). Steps:

1. start the mock server in this process on a free loopback port and connect;
2. write a sequence with three topics through ``SequenceWriter``: IMU at 200 Hz,
   GPS at 10 Hz and a compressed camera stream at 10 Hz (64 kB frames);
3. list the catalog, inspect the handlers and query it (metadata + sensor values);
4. read the sequence back merged by time, and one topic as an Arrow table,
   with a time window; check every count;
5. show a notification left by a failing writer, delete, print a summary.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time

from mosaicolabs import (
    GPS,
    IMU,
    CompressedImage,
    Message,
    MosaicoClient,
    Point3d,
    QueryOntologyCatalog,
    QuerySequence,
    Vector3d,
)
from mosaicolabs.mock_server import running_server

T0 = 1_700_000_000_000_000_000
RATES = {"/sensors/imu": 200, "/sensors/gps": 10, "/camera/front": 10}
FRAME = bytes(range(256)) * 256  # 64 kB stand-in for a JPEG frame


class Progress:
    """A one-line progress bar on a terminal; sparse plain lines otherwise."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, max(total, 1), 0
        self.tty = sys.stdout.isatty()
        self.next_line = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.perf_counter()
        if self.done < self.total and now < self.next_line:
            return
        self.next_line = now + (0.1 if self.tty else 2.0)
        share = self.done / self.total
        bar = "#" * int(30 * share) + "." * (30 - int(30 * share))
        end = "\n" if self.done >= self.total or not self.tty else ""
        prefix = "\r" if self.tty else ""
        sys.stdout.write(f"{prefix}  {self.label:<22} [{bar}] {share:6.1%}{end}")
        sys.stdout.flush()


def imu(i: int) -> IMU:
    s = math.sin(i / 100)
    return IMU(acceleration=Vector3d(x=s, y=0.5 * s, z=9.81),
               angular_velocity=Vector3d(x=0.01, y=0.02, z=0.1 * s))


def gps(i: int) -> GPS:
    return GPS(position=Point3d(x=45.46 + i * 1e-6, y=9.19 + i * 1e-6, z=120.0))


def write(client: MosaicoClient, name: str, seconds: int) -> dict[str, int]:
    counts = {topic: rate * seconds for topic, rate in RATES.items()}
    progress = Progress("writing", sum(counts.values()))
    metadata = {"vehicle": {"id": "demo-01"}, "environment": {"visibility": 42}}
    with client.sequence_create(name, metadata) as writer:
        imu_w = writer.topic_create("/sensors/imu", {"rate_hz": 200}, IMU)
        gps_w = writer.topic_create("/sensors/gps", {"rate_hz": 10}, GPS)
        cam_w = writer.topic_create("/camera/front", {"encoding": "jpeg"}, CompressedImage)
        for i in range(counts["/sensors/imu"]):
            t = T0 + i * 5_000_000
            imu_w.push(Message(timestamp_ns=t, data=imu(i), frame_id="imu_link"))
            if i % 20 == 0:
                gps_w.push(Message(timestamp_ns=t, data=gps(i)))
                cam_w.push(Message(timestamp_ns=t, data=CompressedImage(data=FRAME, format="jpeg")))
                progress.advance(22)
    return counts


def inspect(client: MosaicoClient, name: str) -> None:
    print(f"sequences on the server: {client.list_sequences()}")
    seq = client.sequence_handler(name)
    span = (seq.timestamp_ns_max - seq.timestamp_ns_min) / 1e9
    print(f"  {seq.name}: {len(seq.topics)} topics, {seq.total_size_bytes / 1e6:.1f} MB, "
          f"{span:.2f} s, metadata {seq.user_metadata}")
    for topic in seq.topics:
        th = client.topic_handler(name, topic)
        print(f"  {topic:<16} {th.ontology_tag:<17} chunks={th.chunks_number:<3} "
              f"{th.total_size_bytes / 1e6:7.2f} MB  locked={th.locked}")


def query(client: MosaicoClient) -> list[tuple[str, str, tuple[int, int] | None]]:
    """Sequences seen in poor visibility whose IMU saw a lateral acceleration above 0.9."""
    response = client.query(
        QuerySequence().with_user_metadata("environment.visibility", lt=50),
        QueryOntologyCatalog(IMU.Q.acceleration.x.gt(0.9), include_timestamp_range=True),
    )
    hits = [(item.sequence.name, t.name, t.timestamp_range) for item in response
            for t in item.topics]
    for name, topic, span in hits:
        seconds = (span[1] - span[0]) / 1e9 if span else 0.0
        print(f"query hit: {name} {topic}, matching rows span {seconds:.2f} s")
    return hits


def read(client: MosaicoClient, name: str, total: int) -> tuple[dict[str, int], int, bool]:
    seq = client.sequence_handler(name)
    counts = dict.fromkeys(seq.topics, 0)
    progress, last, ordered = Progress("reading (merged)", total), -1, True
    with seq.get_data_streamer() as streamer:
        for topic, message in streamer:
            counts[topic] += 1
            ordered &= message.timestamp_ns >= last
            last = message.timestamp_ns
            progress.advance()
    window = client.topic_handler(name, "/sensors/imu").to_arrow(T0, T0 + 1_000_000_000)
    return counts, window.num_rows, ordered


def report_failure(client: MosaicoClient, name: str) -> list[str]:
    try:
        with client.sequence_handler(name).update() as updater:
            topic = updater.topic_create("/sensors/late", {}, IMU)
            topic.push(Message(timestamp_ns=T0, data=imu(0)))
            raise RuntimeError("simulated driver crash")
    except RuntimeError:
        pass
    return [n.message for n in client.list_sequence_notifications(name)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mosaico client demo on an embedded server.")
    parser.add_argument("--seconds", type=int, default=60, help="recording length (default 60)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with running_server() as server, MosaicoClient.connect("127.0.0.1", server.port) as client:
        print(f"mock server {server.uri}, server version {client.version()}")
        written = write(client, "demo_drive", args.seconds)
        inspect(client, "demo_drive")
        hits = query(client)
        read_counts, window, ordered = read(client, "demo_drive", sum(written.values()))
        notes = report_failure(client, "demo_drive")
        print(f"notifications after a failed update: {notes}")
        client.sequence_delete("demo_drive")
        remaining = client.list_sequences()
    ok = (read_counts == written and ordered and window == RATES["/sensors/imu"]
          and not remaining and [h[:2] for h in hits] == [("demo_drive", "/sensors/imu")])
    elapsed = time.perf_counter() - started
    print("\nsummary")
    print(f"  messages written / read back: {sum(written.values())} / {sum(read_counts.values())}"
          f" (merged in time order: {ordered})")
    print(f"  IMU rows in the first second: {window}; query hits: {len(hits)}")
    print(f"  sequences left after delete: {remaining}")
    print(f"  elapsed {elapsed:.2f} s on {os.cpu_count()} cores -> {'OK' if ok else 'MISMATCH'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
