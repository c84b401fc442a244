"""Faults against a real server process: crash mid-upload, restart, dropped read, full disk.

For each: the client's typed error, what the server kept, and that the user's retry
yields exactly the acknowledged data plus the new data (no duplicates, no gaps).
"""

from __future__ import annotations

import pytest

from mosaicolabs import Floating64, Message, MosaicoClient, RetryPolicy
from mosaicolabs.domain.errors import MosaicoError, UnavailableError, WriteFailedError

from .server_process import ServerProcess

FAST = RetryPolicy(attempts=2, initial_backoff_s=0.01, max_backoff_s=0.01)


def message(t: int) -> Message:
    return Message(timestamp_ns=t, data=Floating64(data=float(t)))


def write(client, sequence, topic, stamps, **options):
    with client.sequence_create(sequence, {}, **options) as writer:
        topic_writer = writer.topic_create(topic, {}, Floating64)
        for t in stamps:
            topic_writer.push(message(t))


def stamps_of(client, sequence, topic):
    client.clear_topic_handlers_cache()
    return [m.timestamp_ns for m in client.topic_handler(sequence, topic).get_data_streamer()]


@pytest.fixture
def server(tmp_path):
    with ServerProcess(tmp_path / "data") as process:
        yield process


def test_crash_in_the_middle_of_an_upload(server):
    client = MosaicoClient.connect("127.0.0.1", server.port, retry=FAST)
    write(client, "drive", "/done", range(100))  # acknowledged
    with pytest.raises(WriteFailedError) as caught:
        with client.sequence_handler("drive").update() as updater:
            failed_session = updater.session_uuid
            topic = updater.topic_create("/partial", {}, Floating64)
            for t in range(50):
                topic.push(message(t))
            topic.flush()
            server.kill()  # the upload is open and has rows in flight
            for t in range(50, 100):
                topic.push(message(t))
            topic.flush()
    error = caught.value
    assert isinstance(error.__cause__, MosaicoError) and error.rows_acknowledged == 0
    assert error.rows_sent == 50
    client.close()

    server.restart()
    with MosaicoClient.connect("127.0.0.1", server.port) as client:
        assert stamps_of(client, "drive", "/done") == list(range(100))  # nothing lost
        partial = client.topic_handler("drive", "/partial")
        assert partial is not None and not partial.locked and partial.chunks_number == 0
        client.session_delete(failed_session)  # the user's recovery: drop the failed session
        with client.sequence_handler("drive").update() as updater:
            topic = updater.topic_create("/partial", {}, Floating64)
            for t in range(100):
                topic.push(message(t))
        assert stamps_of(client, "drive", "/partial") == list(range(100))  # no dupes, no gaps


def test_restart_keeps_every_acknowledged_sequence(server):
    with MosaicoClient.connect("127.0.0.1", server.port) as client:
        for n in range(3):
            write(client, f"run_{n}", "/v", range(n * 10, n * 10 + 10))
    server.restart()
    with MosaicoClient.connect("127.0.0.1", server.port) as client:
        assert sorted(client.list_sequences()) == ["run_0", "run_1", "run_2"]
        assert stamps_of(client, "run_2", "/v") == list(range(20, 30))


def test_dropped_connection_during_a_read(server):
    with MosaicoClient.connect("127.0.0.1", server.port, retry=FAST) as client:
        write(client, "big", "/v", range(300_000), max_batch_size_records=10_000)
        streamer = client.topic_handler("big", "/v").get_data_streamer()
        iterator = iter(streamer)
        first = [next(iterator).timestamp_ns for _ in range(10)]
        server.kill()
        with pytest.raises(MosaicoError):
            for _ in iterator:  # rows already buffered drain, then the stream breaks
                pass
        assert first == list(range(10))
    server.start()
    with MosaicoClient.connect("127.0.0.1", server.port) as client:
        assert stamps_of(client, "big", "/v") == list(range(300_000))



def test_full_disk_refuses_the_upload_and_keeps_what_fit(tiny_disk):
    with ServerProcess(tiny_disk / "data") as server:
        with MosaicoClient.connect("127.0.0.1", server.port) as client:
            write(client, "small", "/v", range(1000))  # fits in 1 MiB
            with pytest.raises(MosaicoError) as caught:
                write(client, "huge", "/v", range(400_000))  # ~10 MB: cannot fit
            assert "space" in str(caught.value).lower() or "persist" in str(caught.value)
            assert stamps_of(client, "small", "/v") == list(range(1000))
        server.restart()
        with MosaicoClient.connect("127.0.0.1", server.port) as client:
            assert stamps_of(client, "small", "/v") == list(range(1000))
            huge = client.topic_handler("huge", "/v")
            assert huge is None or not huge.locked  # never half-visible


def test_unavailable_is_a_connection_error(server):
    with MosaicoClient.connect("127.0.0.1", server.port, retry=FAST) as client:
        server.kill()
        with pytest.raises(UnavailableError) as caught:
            client.list_sequences()
        assert isinstance(caught.value, ConnectionError)
