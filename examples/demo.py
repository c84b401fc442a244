"""Demo: an embedded mock server, a multi-topic recording written and read back.

Run with ``./dev demo`` (or ``python examples/demo.py``). Steps:

1. start the mock server in this process on a free loopback port;
2. connect a client and create a sequence with three topics (IMU at 100 Hz,
   GPS at 10 Hz, temperature at 1 Hz), uploading each over Flight DoPut;
3. finalize the session, list the catalog and inspect the handlers;
4. read every topic back (full and time-bounded) and check the row counts;
5. record and read a notification, delete the sequence, print a summary.
"""

from __future__ import annotations

import argparse
import math
import sys
import time

import pyarrow as pa

from mosaicolabs import MosaicoClient
from mosaicolabs.container import ClientContainer
from mosaicolabs.mock_server import running_server

VEC3 = pa.struct(
    [
        ("x", pa.float64()),
        ("y", pa.float64()),
        ("z", pa.float64()),
        ("covariance", pa.list_(pa.float64())),
        ("covariance_type", pa.int16()),
    ]
)
ENVELOPE = [
    pa.field("timestamp_ns", pa.int64(), False),
    pa.field("recording_timestamp_ns", pa.int64()),
    pa.field("frame_id", pa.string()),
    pa.field("sequence_id", pa.uint32()),
]
TOPICS = {  # name: (ontology tag, rate Hz, data fields)
    "/sensors/imu": (
        "imu",
        100,
        [pa.field("acceleration", VEC3, False), pa.field("angular_velocity", VEC3, False)],
    ),
    "/sensors/gps": ("gps", 10, [pa.field("position", VEC3, False)]),
    "/sensors/temperature": (
        "temperature",
        1,
        [pa.field("value", pa.float64(), False), pa.field("variance", pa.float64())],
    ),
}
START_NS = 1_700_000_000_000_000_000


def _vectors(n: int, phase: float) -> pa.Array:
    xs = [math.sin(i / 50 + phase) for i in range(n)]
    return pa.StructArray.from_arrays(
        [
            pa.array(xs),
            pa.array([x * 0.5 for x in xs]),
            pa.array([9.81] * n),
            pa.nulls(n, pa.list_(pa.float64())),
            pa.nulls(n, pa.int16()),
        ],
        fields=list(VEC3),
    )


def make_batch(name: str, seconds: int) -> pa.RecordBatch:
    """Synthetic rows for one topic; timestamps deliberately arrive shuffled in blocks."""
    tag, rate, fields = TOPICS[name]
    n = seconds * rate
    stamps = [START_NS + i * 1_000_000_000 // rate for i in range(n)]
    stamps = stamps[n // 2 :] + stamps[: n // 2]  # the server must sort them
    columns = [
        pa.array(stamps, pa.int64()),
        pa.nulls(n, pa.int64()),
        pa.array([name.rsplit("/", 1)[-1]] * n),
        pa.nulls(n, pa.uint32()),
    ]
    for field in fields:
        if field.type == VEC3:
            columns.append(_vectors(n, len(columns)))
        else:
            columns.append(
                pa.array([20.0 + i / n for i in range(n)])
                if field.name == "value"
                else pa.nulls(n, pa.float64())
            )
    return pa.record_batch(columns, schema=pa.schema(ENVELOPE + fields))


def progress(step: str, done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stdout.write(f"\r  {step:<28} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    sys.stdout.flush()
    if done >= total:
        sys.stdout.write("\n")


def write_sequence(container: ClientContainer, name: str, seconds: int) -> dict[str, int]:
    """Create the sequence, one session and three topics, and upload their rows."""
    catalog, streams = container.catalog(), container.topic_streams()
    catalog.create_sequence(name, {"vehicle": {"id": "demo-01"}, "weather": {"visibility": 42}})
    session = catalog.create_session(name)
    written: dict[str, int] = {}
    for i, topic in enumerate(TOPICS, start=1):
        tag = TOPICS[topic][0]
        batch = make_batch(topic, seconds)
        uuid = catalog.create_topic(
            session, name, topic, tag, "default", {"rate_hz": TOPICS[topic][1]}
        )
        writer = streams.open_writer(name, topic, uuid, batch.schema)
        for chunk in pa.Table.from_batches([batch]).to_batches(max_chunksize=4096):
            writer.write_batch(chunk)
        writer.close()
        written[topic] = batch.num_rows
        progress("uploading topics", i, len(TOPICS))
    catalog.finalize_session(session)
    return written


def read_back(container: ClientContainer, name: str) -> dict[str, int]:
    """Read every topic in full; returns the row counts."""
    counts = {}
    for i, topic in enumerate(TOPICS, start=1):
        reader = container.topic_streams().open_reader(name, topic)
        stamps = [t for b in reader for t in b.column("timestamp_ns").to_pylist()]
        assert stamps == sorted(stamps), "rows must come back in time order"
        counts[topic] = len(stamps)
        progress("reading topics back", i, len(TOPICS))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=120, help="recording length (default 120)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with running_server() as server:
        print(f"mock server listening on {server.uri}")
        container = ClientContainer()
        container.config.from_dict(
            {
                "backend": "flight",
                "host": "127.0.0.1",
                "port": server.port,
                "call_timeout": 30,
                "tls": {"enable": False},
            }
        )
        with MosaicoClient.from_container(container) as client:
            print(f"connected: server version {client.version()}")
            written = write_sequence(container, "demo_drive", args.seconds)
            print(f"sequences on the server: {client.list_sequences()}")
            seq = client.sequence_handler("demo_drive")
            print(
                f"  {seq.name}: topics {seq.topics}, {seq.total_size_bytes / 1e6:.2f} MB, "
                f"span {(seq.timestamp_ns_max - seq.timestamp_ns_min) / 1e9:.2f} s, "
                f"metadata {seq.user_metadata}"
            )
            for topic in seq.topics:
                th = client.topic_handler("demo_drive", topic)
                print(
                    f"  {topic:<22} tag={th.ontology_tag:<12} chunks={th.chunks_number:<3} "
                    f"locked={th.locked}"
                )
            counts = read_back(container, "demo_drive")
            bounded = container.topic_streams().open_reader(
                "demo_drive", "/sensors/imu", START_NS, START_NS + 1_000_000_000
            )
            first_second = sum(b.num_rows for b in bounded)
            client.list_sequence_notifications("demo_drive")  # empty on a clean run
            container.notifications().create("demo_drive", None, "demo: a sample error report")
            notes = client.list_sequence_notifications("demo_drive")
            print(f"notifications: {[n.message for n in notes]}")
            client.sequence_delete("demo_drive")
            remaining = client.list_sequences()
    ok = counts == written and first_second == TOPICS["/sensors/imu"][1] and remaining == []
    print("\nsummary")
    print(f"  rows written / read: {sum(written.values())} / {sum(counts.values())}")
    print(f"  IMU rows in [t0, t0+1s): {first_second}")
    print(f"  sequences left after delete: {remaining}")
    print(f"  elapsed: {time.perf_counter() - started:.2f} s  ->  {'OK' if ok else 'MISMATCH'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
