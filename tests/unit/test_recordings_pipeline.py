"""The import reads and decodes in a thread while the calling thread pushes (prefetch)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("rosbags")
pytest.importorskip("mcap")

from test_recordings_import import _corrupt_one_message, _stored  # noqa: E402
from test_recordings_support import COUNTS, double_lookup, real_registry, write_ros2  # noqa: E402

import mosaicolabs.recordings as recordings  # noqa: E402
from mosaicolabs.application.recordings import importing, pipeline  # noqa: E402
from mosaicolabs.application.recordings.pipeline import THREAD_NAME, Prefetcher  # noqa: E402
from mosaicolabs.recordings import RecordingDecodeError, open_recording  # noqa: E402
from mosaicolabs.testing import memory_client  # noqa: E402


@pytest.fixture
def client():
    with memory_client() as c:
        yield c


def _lookup():
    return recordings.mapping_lookup() if real_registry() is not None else double_lookup


def _readers() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name == THREAD_NAME]


def _run(client, bag: Path, name: str, **kwargs):
    reader = open_recording(bag)
    try:
        return importing.import_recording(client, reader, name, mapping_for=_lookup(), **kwargs)
    finally:
        reader.close()


@pytest.mark.parametrize("batch_size", [1, 4, 1000])
def test_prefetched_import_matches_the_sequential_one(client, tmp_path, batch_size):
    bag = write_ros2(tmp_path / "bag")
    _corrupt_one_message(bag)  # a skipped message too
    results = {}
    for prefetch in (0, 1, 2, 3):
        seen: list[importing.ImportProgress] = []
        summary = _run(client, bag, f"p{prefetch}", prefetch=prefetch, batch_size=batch_size,
                       progress=seen.append)
        stored = {name: _stored(client, f"p{prefetch}", name) for name in COUNTS}
        results[prefetch] = (summary.topics, seen, stored)
    assert all(result == results[0] for result in results.values())
    topics, seen, stored = results[0]
    assert sum(t.skipped for t in topics) == 1
    assert sum(t.messages for t in topics) == sum(COUNTS.values()) - 1
    assert seen[-1].messages_done == sum(COUNTS.values()) - 1
    assert _readers() == []


def test_a_decode_failure_in_the_reader_thread_stops_the_import_cleanly(
        client, tmp_path, monkeypatch):
    bag = write_ros2(tmp_path / "bag")
    _corrupt_one_message(bag)
    closed: list[list[str]] = []
    opened = recordings.open_recording

    def spy_open(path):
        reader = opened(path)
        close = reader.close

        def spy_close():
            closed.append(_readers())  # the reader thread is gone before the file closes
            close()

        reader.close = spy_close
        return reader

    monkeypatch.setattr(recordings, "open_recording", spy_open)
    before = set(threading.enumerate())
    with pytest.raises(RecordingDecodeError, match="does not decode.*not kept"):
        recordings.import_recording(client, bag, "stopped", on_error="raise", batch_size=1)
    assert client.sequence_handler("stopped") is None
    assert closed == [[]]
    assert set(threading.enumerate()) <= before and _readers() == []


def test_an_interrupt_while_pushing_stops_the_reader_thread(client, tmp_path):
    bag = write_ros2(tmp_path / "bag")

    def interrupt(progress):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _run(client, bag, "interrupted", batch_size=1, progress=interrupt)
    assert client.sequence_handler("interrupted") is None
    assert _readers() == []


def test_an_interrupt_in_the_reader_thread_reaches_the_caller(client, tmp_path, monkeypatch):
    bag = write_ros2(tmp_path / "bag")
    build = importing._TopicSink.build
    calls: list[int] = []

    def failing(self, reader, on_error):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return build(self, reader, on_error)

    monkeypatch.setattr(importing._TopicSink, "build", failing)
    with pytest.raises(KeyboardInterrupt):
        _run(client, bag, "cut", batch_size=1)
    assert client.sequence_handler("cut") is None
    assert _readers() == []


def test_the_queue_holds_at_most_prefetch_batches(client, tmp_path, monkeypatch):
    sizes: list[int] = []

    class SpyQueue(pipeline.Queue):  # type: ignore[type-arg]
        def put(self, item, block=True, timeout=None):
            super().put(item, block, timeout)
            sizes.append(self.qsize())

    monkeypatch.setattr(pipeline, "Queue", SpyQueue)
    bag = write_ros2(tmp_path / "bag")
    waited: list[bool] = []

    def slow_consumer(progress):
        # the first time: wait until the reader filled the queue (it is then blocked)
        if not waited:
            waited.append(True)
            deadline = time.monotonic() + 10
            while max(sizes, default=0) < 2 and time.monotonic() < deadline:
                time.sleep(0.001)

    summary = _run(client, bag, "bounded", batch_size=1, prefetch=2, progress=slow_consumer)
    assert summary.messages == sum(COUNTS.values())
    assert max(sizes) == 2 and len(sizes) > 2  # the bound was reached and held


def test_prefetcher_keeps_order_and_stops_its_source():
    events: list[str] = []

    def numbers():
        try:
            yield from range(100)
        finally:
            events.append(threading.current_thread().name)

    with Prefetcher(numbers(), 3) as items:
        assert list(items) == list(range(100))
    with Prefetcher(numbers(), 1) as items:
        assert next(items) == 0
    assert events == [THREAD_NAME, THREAD_NAME] and _readers() == []
    with pytest.raises(ValueError, match="depth"):
        Prefetcher(numbers(), 0)


def test_negative_prefetch_is_refused(client, tmp_path):
    with pytest.raises(ValueError, match="prefetch"):
        _run(client, write_ros2(tmp_path / "bag"), "x", prefetch=-1)
    assert client.sequence_handler("x") is None
