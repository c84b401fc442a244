"""A kill loop: 30 random SIGKILLs of the server and of writer processes.

Writers are real processes using our client; each writes one sequence of two topics
and prints ``ACK <name>`` only once its ``with`` block has returned, i.e. once the
server acknowledged everything. Between kills, random delays move the kill point
around (uploads in flight, commits, finalizes, catalog writes, start-up).

Afterwards, from a clean restart: every acknowledged sequence is there, whole; and no
topic anywhere is locked (complete) with fewer rows than its writer sent.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

from mosaicolabs import MosaicoClient

from .server_process import ServerProcess

KILLS = 30
ROWS = 6_000
_WRITER = textwrap.dedent(f"""
    import sys
    from mosaicolabs import Floating64, Message, MosaicoClient, RetryPolicy
    port, name = int(sys.argv[1]), sys.argv[2]
    client = MosaicoClient.connect("127.0.0.1", port, retry=RetryPolicy(attempts=1))
    with client.sequence_create(name, {{"writer": name}}, max_batch_size_records=500) as w:
        for topic in ("/a", "/b"):
            t = w.topic_create(topic, {{}}, Floating64)
            for i in range({ROWS}):
                t.push(Message(timestamp_ns=i, data=Floating64(data=float(i))))
    print("ACK", name, flush=True)
""")


class _Writers:
    """The writer processes started so far, and what each acknowledged."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.running: dict[str, subprocess.Popen[str]] = {}
        self.acknowledged: set[str] = set()
        self.started = 0

    def start(self) -> None:
        name = f"run{self.started}"
        self.started += 1
        self.running[name] = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(self.port), name],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def reap(self) -> None:
        """Collect the writers that ended, with their acknowledgements."""
        for name, process in list(self.running.items()):
            if process.poll() is not None:
                out = process.stdout.read() if process.stdout else ""
                if f"ACK {name}" in out:
                    self.acknowledged.add(name)
                del self.running[name]

    def kill_one(self, rng: random.Random) -> None:
        name = rng.choice(sorted(self.running))
        process = self.running.pop(name)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        out = process.stdout.read() if process.stdout else ""
        if f"ACK {name}" in out:  # it finished just before the kill
            self.acknowledged.add(name)

    def finish(self) -> None:
        for process in self.running.values():
            process.wait(timeout=120)
        self.reap()


def _check(client: MosaicoClient, acknowledged: set[str]) -> None:
    present = set(client.list_sequences())
    missing = acknowledged - present
    assert not missing, f"acknowledged sequences lost: {sorted(missing)}"
    for name in present:
        sequence = client.sequence_handler(name)
        assert sequence is not None
        for topic_name in ("/a", "/b"):
            topic = client.topic_handler(name, topic_name)
            if name in acknowledged:
                assert topic is not None and topic.locked, f"{name}{topic_name} not complete"
            if topic is None or not topic.locked:
                continue
            stamps = topic.to_arrow().column("timestamp_ns").to_pylist()
            assert stamps == list(range(ROWS)), \
                f"{name}{topic_name} is locked with {len(stamps)} of {ROWS} rows"


def test_random_kills_lose_no_acknowledged_row_and_complete_no_partial_topic(tmp_path):
    rng = random.Random(int(os.environ.get("MOSAICO_KILL_LOOP_SEED", "20261127")))
    server = ServerProcess(tmp_path / "data").start()
    writers = _Writers(server.port)
    try:
        for _ in range(KILLS):
            writers.reap()
            while len(writers.running) < 2:
                writers.start()
            time.sleep(rng.uniform(0.05, 0.6))  # where the kill lands, not synchronisation
            if rng.random() < 0.4:
                server.restart()
            else:
                writers.kill_one(rng)
        writers.finish()
        server.restart()
        with MosaicoClient.connect("127.0.0.1", server.port) as client:
            _check(client, writers.acknowledged)
        assert writers.acknowledged, "no writer ever finished: the loop tested nothing"
    finally:
        for process in writers.running.values():
            process.kill()
        server.kill()
