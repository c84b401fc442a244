"""One client shared by threads: writers on different topics, readers, catalog calls.

Documented contract: a ``MosaicoClient`` may be shared between threads; each topic
writer is fed by one thread at a time; create topics before handing them out.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from mosaicolabs import Floating64, Message

THREADS = 6
ROWS = 2_000


def test_concurrent_writers_on_different_topics(client):
    with client.sequence_create("shared", {}, max_batch_size_records=250) as writer:
        topics = [writer.topic_create(f"/t{k}", {}, Floating64) for k in range(THREADS)]
        start = threading.Barrier(THREADS)

        def feed(k: int) -> None:
            start.wait()
            for i in range(ROWS):
                topics[k].push(Message(timestamp_ns=i * THREADS + k, data=Floating64(data=k)))

        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(feed, range(THREADS)))
    handler = client.sequence_handler("shared")
    assert sorted(handler.topics) == sorted(f"/t{k}" for k in range(THREADS))
    merged = [m.timestamp_ns for _, m in handler.get_data_streamer()]
    assert merged == list(range(ROWS * THREADS))  # every row once, in time order


def test_concurrent_readers_and_catalog_calls(client):
    with client.sequence_create("readme", {}) as writer:
        topic = writer.topic_create("/v", {}, Floating64)
        topic.push_batch({"timestamp_ns": list(range(ROWS)), "data": [float(i) for i in
                                                                       range(ROWS)]})

    def read(_: int) -> tuple[int, int, list[str]]:
        rows = sum(1 for _ in client.topic_handler("readme", "/v").get_data_streamer())
        table = client.topic_handler("readme", "/v").to_arrow(100, 200)
        return rows, table.num_rows, client.list_sequences()

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(read, range(THREADS * 3)))
    assert results == [(ROWS, 100, ["readme"])] * (THREADS * 3)


def test_concurrent_sequence_writers(client):
    def write(k: int) -> None:
        with client.sequence_create(f"seq_{k}", {"k": k}) as writer:
            topic = writer.topic_create("/v", {}, Floating64)
            for i in range(200):
                topic.push(Message(timestamp_ns=i, data=Floating64(data=float(k))))

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(write, range(THREADS)))
    assert sorted(client.list_sequences()) == sorted(f"seq_{k}" for k in range(THREADS))
    for k in range(THREADS):
        assert client.topic_handler(f"seq_{k}", "/v").chunks_number >= 1


def test_clearing_the_cache_does_not_break_handlers_in_use(client):
    with client.sequence_create("kept", {}) as writer:
        writer.topic_create("/v", {}, Floating64).push(Message(timestamp_ns=1,
                                                                data=Floating64(data=1.0)))
    held_topic = client.topic_handler("kept", "/v")
    held_sequence = client.sequence_handler("kept")
    client.clear_topic_handlers_cache()
    client.clear_sequence_handlers_cache()
    assert held_topic.to_arrow().num_rows == 1  # another thread may still be using it
    assert held_sequence.reload() and held_sequence.topics == ["/v"]
    assert client.topic_handler("kept", "/v") is not held_topic  # the cache starts afresh


def test_concurrent_sessions_on_one_sequence(client):
    with client.sequence_create("busy", {}) as writer:
        writer.topic_create("/base", {}, Floating64).push(Message(timestamp_ns=0,
                                                                   data=Floating64(data=0.0)))
    start = threading.Barrier(THREADS)

    def update(k: int) -> str:
        start.wait()
        with client.sequence_handler("busy").update() as updater:
            topic = updater.topic_create(f"/from_{k}", {}, Floating64)
            for i in range(300):
                topic.push(Message(timestamp_ns=i, data=Floating64(data=float(k))))
            return updater.session_uuid

    with ThreadPoolExecutor(THREADS) as pool:
        sessions = list(pool.map(update, range(THREADS)))
    client.clear_sequence_handlers_cache()
    handler = client.sequence_handler("busy")
    assert len(set(sessions)) == THREADS and len(handler.sessions) == THREADS + 1
    assert all(s.locked for s in handler.sessions)
    for k in range(THREADS):
        table = client.topic_handler("busy", f"/from_{k}").to_arrow()
        assert table.num_rows == 300 and set(table.column("data").to_pylist()) == {float(k)}
