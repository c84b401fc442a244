"""One benchmark script for both clients: run it with either package's interpreter.

``python bench/peer_script.py HOST PORT MESSAGES`` measures, with whichever
``mosaicolabs`` the interpreter imports (ours or the official 0.3.2 package), the
same work through the documented API: import time, building IMU messages, pushing
them (per message), reading them back (per message), a merged read of 4 topics,
an ontology query, and the heap held per buffered message. Prints one JSON line.
It must run unchanged on both packages, so it uses only the shared API.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
import tracemalloc
import uuid

started = time.perf_counter()
import mosaicolabs  # noqa: E402
from mosaicolabs import (  # noqa: E402
    IMU,
    Message,
    MosaicoClient,
    QueryOntologyCatalog,
    Vector3d,
)

IMPORT_S = time.perf_counter() - started
T0 = 1_700_000_000_000_000_000


def messages(n: int, offset: int = 0) -> list:
    return [Message(timestamp_ns=T0 + (offset + i) * 1_000_000,
                    data=IMU(acceleration=Vector3d(x=(i % 1000) / 1000, y=0.2, z=9.8),
                             angular_velocity=Vector3d(x=0.0, y=0.0, z=0.1)))
            for i in range(n)]


def timed(fn) -> float:
    begin = time.perf_counter()
    fn()
    return time.perf_counter() - begin


def write(client, name: str, topics: dict[str, list]) -> None:
    with client.sequence_create(name, {"bench": True}) as writer:
        for topic, batch in topics.items():
            topic_writer = writer.topic_create(topic, {}, IMU)
            for message in batch:
                topic_writer.push(message)


def read_topic(client, name: str) -> int:
    return sum(1 for _ in client.topic_handler(name, "/imu").get_data_streamer())


def read_merged(client, name: str) -> int:
    return sum(1 for _ in client.sequence_handler(name).get_data_streamer())


def heap_per_buffered_message(client, count: int) -> float:
    """Heap a topic writer holds per message pushed but not yet sent.

    Messages are built inside the loop and not kept by the caller, so whatever
    the writer retains (objects, serialized rows, buffers) is what is measured.
    """
    gc.collect()
    name = f"heap_{uuid.uuid4().hex[:8]}"
    with client.sequence_create(name, {}) as writer:
        topic = writer.topic_create("/imu", {}, IMU)
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for i in range(count):
            topic.push(Message(timestamp_ns=T0 + i,
                               data=IMU(acceleration=Vector3d(x=0.5, y=0.2, z=9.8),
                                        angular_velocity=Vector3d(x=0.0, y=0.0, z=0.1))))
        held = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
    client.sequence_delete(name)
    return held / count


def main() -> None:
    host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    result = {"package": getattr(mosaicolabs, "__version__", "?"), "import_s": IMPORT_S}
    with MosaicoClient.connect(host, port) as client:
        warm = f"warm_{uuid.uuid4().hex[:8]}"  # first-use costs out of the timings
        write(client, warm, {"/imu": messages(200)})
        read_topic(client, warm)
        client.sequence_delete(warm)
        built: list = []
        result["build_s"] = timed(lambda: built.extend(messages(n)))
        name = f"peer_{uuid.uuid4().hex[:8]}"
        result["push_s"] = timed(lambda: write(client, name, {"/imu": built}))
        # What user code does: build each message and push it (the two timings above).
        result["build_and_push_s"] = result["build_s"] + result["push_s"]
        # Reads are repeatable: median of 3 for both packages (this VM is noisy).
        result["read_s"] = statistics.median(timed(lambda: read_topic(client, name))
                                             for _ in range(3))
        merged = f"merged_{uuid.uuid4().hex[:8]}"
        write(client, merged, {f"/imu_{k}": messages(n // 4, k) for k in range(4)})
        result["merged_read_s"] = statistics.median(timed(lambda: read_merged(client, merged))
                                                    for _ in range(3))
        query = QueryOntologyCatalog(IMU.Q.acceleration.x.gt(0.5))
        result["query_s"] = statistics.median(timed(lambda: client.query(query))
                                              for _ in range(3))
        result["heap_bytes_per_buffered_message"] = heap_per_buffered_message(client, 2000)
        for sequence in (name, merged):
            client.sequence_delete(sequence)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
