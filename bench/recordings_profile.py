"""Where our recording import spends its time: ``python -m bench.recordings_profile [--seconds S]``.

Writes the benchmark's bag (:mod:`bench.recordings_bag`), starts a mock server, and times
the stages of ``import_recording`` one after the other, per topic, with the library's own
pieces (reader, mapping registry, ``to_batch``, ``push_batch``):

1. ``read``: iterating the file's messages (rosbags: mcap chunks, ``bytes`` per message);
2. ``decode``: ``reader.decode`` per message (rosbags' ``deserialize_cdr`` into objects);
3. ``to_batch``: the mapping, lists of message objects -> one Arrow record batch per 1000;
4. ``push``: ``push_batch`` of those batches into a topic, finalize (client + wire + server);

then the real ``import_recording`` for the total. It also times a vectorised decode of
the IMU topic (all messages of one topic have one length when the frame id does not
change: one ``numpy`` structured view over the concatenated payloads) to show what a
fixed-layout CDR decoder would save. Prints one table and a JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .recordings_bag import write_bag

BATCH = 1000


def _stages(client, bag_path: Path) -> tuple[dict, dict]:
    from mosaicolabs.recordings import mapping_lookup, open_recording

    from .cases import fresh

    reader = open_recording(bag_path)
    lookup = mapping_lookup()
    topics = {t.name: t for t in reader.topics()}
    mappings = {name: lookup(t.ros_type, t.definition, reader.types)
                for name, t in topics.items()}
    raw: dict[str, list] = {name: [] for name in topics}
    started = time.perf_counter()
    for message in reader.messages(list(topics)):
        raw[message.topic].append((message.log_time_ns, message.data))
    read_s = time.perf_counter() - started
    out: dict[str, dict] = {}
    for name, items in raw.items():
        topic, mapping = topics[name], mappings[name]
        started = time.perf_counter()
        decoded = [reader.decode(topic, data) for _, data in items]
        decode_s = time.perf_counter() - started
        times = [t for t, _ in items]
        started = time.perf_counter()
        batches = [mapping.to_batch(times[k:k + BATCH], decoded[k:k + BATCH])
                   for k in range(0, len(items), BATCH)]
        batch_s = time.perf_counter() - started
        sequence = fresh("profile")
        started = time.perf_counter()
        with client.sequence_create(sequence, {}) as writer:
            topic_writer = writer.topic_create(name, {}, mapping.model)
            for batch in batches:
                topic_writer.push_batch(batch)
        push_s = time.perf_counter() - started
        client.sequence_delete(sequence)
        out[name] = {"messages": len(items), "bytes": sum(len(d) for _, d in items),
                     "decode_s": decode_s, "to_batch_s": batch_s, "push_s": push_s,
                     "arrow_MB": sum(b.nbytes for b in batches) / 1e6}
    reader.close()
    return {"read_s": read_s, "messages": sum(len(v) for v in raw.values())}, out


def imu_vectorised(bag_path: Path) -> dict:
    """rosbags' per-message decode vs one numpy view, IMU topic: columns out either way."""
    from mosaicolabs.recordings import open_recording

    reader = open_recording(bag_path)
    topic = next(t for t in reader.topics() if t.name == "/imu")
    payloads = [m.data for m in reader.messages(["/imu"])]
    started = time.perf_counter()
    objs = [reader.decode(topic, data) for data in payloads]
    columns = [np.array([m.linear_acceleration.x for m in objs]),
               np.array([m.angular_velocity.z for m in objs])]
    per_message_s = time.perf_counter() - started
    reader.close()
    size = len(payloads[0])
    assert all(len(p) == size for p in payloads), "one frame id: one length"
    body = 8 + 4 + len("imu_link") + 1  # stamp, frame_id (length, chars, NUL)
    offset = 4 + body + (-body % 8)  # after the 4-byte CDR header; float64 are 8-aligned
    started = time.perf_counter()
    buffer = np.frombuffer(b"".join(payloads), np.uint8).reshape(len(payloads), size)
    floats = buffer[:, offset:offset + 8 * 48].copy().view("<f8")  # 4 + 9 + 3 + 9 + 3 + 9
    vec = {"orientation": floats[:, 0:4], "angular_velocity": floats[:, 13:16],
           "linear_acceleration": floats[:, 25:28]}
    vectorised_s = time.perf_counter() - started
    assert np.allclose(vec["linear_acceleration"][:, 0], columns[0])
    assert np.allclose(vec["angular_velocity"][:, 2], columns[1])
    return {"messages": len(payloads), "per_message_decode_s": per_message_s,
            "vectorised_decode_s": vectorised_s,
            "speedup": round(per_message_s / vectorised_s, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile our recording import by stage")
    parser.add_argument("--seconds", type=float, default=180.0, help="recording length")
    args = parser.parse_args(argv)
    from mosaicolabs import MosaicoClient
    from mosaicolabs.recordings import import_recording

    from .cases import fresh, timed
    from .server import server_process

    with tempfile.TemporaryDirectory(prefix="bench-recprof-") as tmp:
        bag = write_bag(Path(tmp) / "drive", args.seconds, 100_000)
        with server_process() as port, MosaicoClient.connect("127.0.0.1", port) as client:
            sequence = fresh("warm")
            import_recording(client, bag.path, sequence)  # warm-up
            client.sequence_delete(sequence)
            whole, topics = _stages(client, bag.path)
            sequence = fresh("total")
            total_s = timed(lambda: import_recording(client, bag.path, sequence))
            client.sequence_delete(sequence)
        vector = imu_vectorised(bag.path)
    print(f"\n{bag.messages} messages; import_recording in-process: {total_s:.2f} s "
          f"({bag.messages / total_s:,.0f} msg/s); reading the file: {whole['read_s']:.2f} s")
    print(f"{'topic':<22}{'msgs':>7}{'decode s':>10}{'us/msg':>8}{'to_batch s':>11}"
          f"{'us/msg':>8}{'push s':>8}{'MB':>7}")
    for name, row in topics.items():
        n = row["messages"]
        print(f"{name:<22}{n:>7}{row['decode_s']:>10.3f}{row['decode_s'] / n * 1e6:>8.1f}"
              f"{row['to_batch_s']:>11.3f}{row['to_batch_s'] / n * 1e6:>8.1f}"
              f"{row['push_s']:>8.3f}{row['arrow_MB']:>7.0f}")
    sums = {key: sum(r[key] for r in topics.values()) for key in ("decode_s", "to_batch_s",
                                                                  "push_s")}
    print(f"{'sum':<22}{whole['messages']:>7}{sums['decode_s']:>10.3f}{'':>8}"
          f"{sums['to_batch_s']:>11.3f}{'':>8}{sums['push_s']:>8.3f}")
    print(f"IMU decode, {vector['messages']} msgs: per message (rosbags) "
          f"{vector['per_message_decode_s']:.3f} s, vectorised numpy view "
          f"{vector['vectorised_decode_s']:.4f} s ({vector['speedup']}x)")
    print(json.dumps({"total_s": total_s, **whole, "topics": topics, "imu_vectorised": vector}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
