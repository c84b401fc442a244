"""A writer process killed in the middle of its upload never leaves a topic that looks complete.

The writer is a real process (our client, or bare ``pyarrow.flight`` as any other
client would be) that is SIGKILLed while its DoPut is open and has sent rows. To the
server the stream simply ends, as a finished one does; the upload must still be
discarded: the topic stays unlocked and empty, and can be deleted or written again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from typing import Callable

import pytest

from mosaicolabs import MosaicoClient
from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.mock_server import running_server

_GUARD_S = 60.0  # generous: only a hang (a failure) ever gets near it

# Our client: a sequence with one topic, rows pushed in small batches, then it waits
# to be killed with the upload still open.
_OURS = """
import sys, time
from mosaicolabs import Floating64, Message, MosaicoClient
client = MosaicoClient.connect("127.0.0.1", int(sys.argv[1]))
writer = client.sequence_create("drive", {}, max_batch_size_records=100).__enter__()
topic = writer.topic_create("/imu", {}, Floating64)
for t in range(30_000):
    topic.push(Message(timestamp_ns=t, data=Floating64(data=float(t))))
topic.flush()
print("sent", flush=True)
time.sleep(3600)
"""

# Bare pyarrow.flight: the topic exists already; the DoPut names it with its uuid.
_RAW = """
import json, sys, time
import pyarrow as pa, pyarrow.flight as flight
client = flight.connect(f"grpc://127.0.0.1:{sys.argv[1]}")
command = json.dumps({"resource_locator": "drive/imu", "topic_uuid": sys.argv[2]}).encode()
schema = pa.schema([pa.field("timestamp_ns", pa.int64(), nullable=False),
                    pa.field("data", pa.float64())])
writer, _ = client.do_put(flight.FlightDescriptor.for_command(command), schema)
for start in range(0, 30_000, 1_000):
    stamps = pa.array(range(start, start + 1_000), pa.int64())
    writer.write_batch(pa.record_batch([stamps, pa.array([1.0] * 1_000)], schema=schema))
print("sent", flush=True)
time.sleep(3600)
"""


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + _GUARD_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting until {what}")
        time.sleep(0.02)


def _spawn(script: str, *args: str) -> subprocess.Popen[str]:
    source = textwrap.dedent(script)
    return subprocess.Popen([sys.executable, "-c", source, *args], stdout=subprocess.PIPE,
                            text=True)


def _kill_while_uploading(engine: MemoryEngine, process: subprocess.Popen[str]) -> None:
    """SIGKILL ``process`` once the server holds an open upload with rows from it."""
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "sent", "the writer did not get going"
    _wait_for(lambda: engine._topics["drive/imu"].uploading, "the server sees the upload")
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=_GUARD_S)
    _wait_for(lambda: not engine._topics["drive/imu"].uploading, "the upload has ended")


def _raw_setup(engine: MemoryEngine) -> str:
    """An open session with the topic created; the topic's uuid (for the bare writer)."""
    engine.create_sequence("drive", {})
    session = engine.create_session("drive")
    return engine.create_topic(session, "drive/imu", "floating64", "default", {})


@pytest.mark.parametrize("writer_kind", ["our client", "bare pyarrow.flight"])
def test_a_killed_writer_leaves_the_topic_unlocked_and_empty(writer_kind):
    engine = MemoryEngine()
    with running_server(engine) as server, MosaicoClient.connect("127.0.0.1",
                                                                 server.port) as client:
        if writer_kind == "our client":
            process = _spawn(_OURS, str(server.port))
        else:
            process = _spawn(_RAW, str(server.port), _raw_setup(engine))
        try:
            _kill_while_uploading(engine, process)
        finally:
            if process.poll() is None:
                process.kill()
        topic = client.topic_handler("drive", "/imu")
        assert topic is not None
        assert not topic.locked, "a broken upload was committed as if it were complete"
        assert topic.to_arrow().num_rows == 0
        # The user's recovery works: the failed session, and its topic, can be deleted.
        client.session_delete(engine._topics["drive/imu"].session_uuid)
        assert "drive/imu" not in engine._topics


def test_a_finished_upload_from_another_process_is_committed():
    """The control: the same bare writer, finishing normally, does lock the topic."""
    finish = _RAW.replace('print("sent", flush=True)\ntime.sleep(3600)',
                          "writer.done_writing()\nwriter.close()\nprint('sent', flush=True)")
    engine = MemoryEngine()
    with running_server(engine) as server, MosaicoClient.connect("127.0.0.1",
                                                                 server.port) as client:
        process = _spawn(finish, str(server.port), _raw_setup(engine))
        assert process.stdout is not None and process.stdout.readline().strip() == "sent"
        assert process.wait(timeout=_GUARD_S) == 0
        topic = client.topic_handler("drive", "/imu")
        assert topic is not None and topic.locked and topic.to_arrow().num_rows == 30_000

