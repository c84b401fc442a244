"""A damaged data directory: damage is reported, never served, and never spreads.

Real server processes write the data; the tests then damage real files on disk
(flip bytes, truncate, delete) and start a server on what is left. A damaged topic
file gives a clear error naming it while the rest of the catalog reads fine; a torn
last journal record (a crash in the middle of a write) is dropped with a warning;
damage anywhere else stops start-up with one clear line naming the file.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from mosaicolabs import Floating64, Message, MosaicoClient
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.errors import ServerError

from .server_process import ServerProcess

ROWS = 2000


def write(client, sequence, stamps=range(ROWS)):
    with client.sequence_create(sequence, {"kind": sequence}) as writer:
        topic = writer.topic_create("/v", {}, Floating64)
        for t in stamps:
            topic.push(Message(timestamp_ns=t, data=Floating64(data=t / 2)))


def values(client, sequence):
    client.clear_topic_handlers_cache()
    return [m.data.data for m in client.topic_handler(sequence, "/v").get_data_streamer()]


@pytest.fixture
def data(tmp_path):
    """A data directory holding sequences ``good`` and ``bad``, and ``bad``'s topic file."""
    folder = tmp_path / "data"
    with ServerProcess(folder) as server:
        with MosaicoClient.connect("127.0.0.1", server.port) as client:
            write(client, "good")
            before = set((folder / "topics").iterdir())
            write(client, "bad")
    (bad_file,) = set((folder / "topics").iterdir()) - before
    return folder, bad_file


def flip_byte(path: Path, offset: int) -> None:
    raw = bytearray(path.read_bytes())
    raw[offset] ^= 0x40
    path.write_bytes(bytes(raw))


def assert_bad_topic_refused_and_rest_usable(folder: Path, bad_file: Path) -> None:
    with ServerProcess(folder) as server, MosaicoClient.connect("127.0.0.1", server.port) as client:
        assert sorted(client.list_sequences()) == ["bad", "good"]
        with pytest.raises(ServerError) as caught:
            values(client, "bad")
        assert bad_file.name in str(caught.value) and "bad/v" in str(caught.value)
        assert values(client, "good") == [t / 2 for t in range(ROWS)]  # the rest reads fine
        write(client, "later")  # and takes new writes
        assert values(client, "later") == [t / 2 for t in range(ROWS)]
        with pytest.raises(ServerError):  # asked again: still refused, never served
            values(client, "bad")


def test_flipped_bytes_in_a_topic_file_are_never_served(data):
    folder, bad_file = data
    flip_byte(bad_file, bad_file.stat().st_size // 2)  # inside the rows
    assert_bad_topic_refused_and_rest_usable(folder, bad_file)


def test_a_truncated_topic_file_is_a_clear_error(data):
    folder, bad_file = data
    bad_file.write_bytes(bad_file.read_bytes()[: bad_file.stat().st_size // 2])
    assert_bad_topic_refused_and_rest_usable(folder, bad_file)


def test_a_missing_topic_file_is_a_clear_error(data):
    folder, bad_file = data
    bad_file.unlink()
    assert_bad_topic_refused_and_rest_usable(folder, bad_file)


def _journal_lines(folder: Path) -> list[bytes]:
    return (folder / "journal.jsonl").read_bytes().splitlines(keepends=True)


def test_a_torn_last_journal_record_is_dropped_and_the_rest_kept(data):
    folder, _ = data
    with ServerProcess(folder) as server, MosaicoClient.connect("127.0.0.1", server.port) as c:
        c.sequence_create("torn", {}).__enter__()  # creates the sequence, then a session
    lines = _journal_lines(folder)
    # A crash in the middle of appending the last record (the session) leaves half of it.
    (folder / "journal.jsonl").write_bytes(b"".join(lines[:-1]) + lines[-1][: len(lines[-1]) // 2])
    with ServerProcess(folder) as server, MosaicoClient.connect("127.0.0.1", server.port) as c:
        assert sorted(c.list_sequences()) == ["bad", "good", "torn"]
        assert c.sequence_handler("torn").sessions == []  # the torn record is gone
        assert values(c, "bad") == values(c, "good") == [t / 2 for t in range(ROWS)]
        write(c, "after")
    with ServerProcess(folder) as server, MosaicoClient.connect("127.0.0.1", server.port) as c:
        assert sorted(c.list_sequences()) == ["after", "bad", "good", "torn"]
        assert values(c, "after") == [t / 2 for t in range(ROWS)]


def test_a_torn_journal_tail_is_logged(data, caplog):
    folder, _ = data
    with (folder / "journal.jsonl").open("ab") as journal:
        journal.write(b'1234abcd {"ops": [["put", "seq')  # the crash came mid-write
    with caplog.at_level(logging.WARNING):
        engine = MemoryEngine(data_dir=folder)
    assert engine.list_sequences() == ["bad", "good"]
    assert any("journal.jsonl" in r.getMessage() for r in caplog.records
               if r.levelno == logging.WARNING)


def start_and_fail(folder: Path) -> subprocess.CompletedProcess[str]:
    """Start a server on ``folder``; it must exit on its own (a timeout fails the test)."""
    cmd = [sys.executable, "-m", "mosaicolabs.mock_server", "--host", "127.0.0.1", "--port", "0",
           "--data-dir", str(folder)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0, done.stdout
    assert "listening on" not in done.stdout
    return done


def damage_journal_middle(folder: Path) -> str:
    lines = _journal_lines(folder)
    assert len(lines) > 4
    offset = sum(map(len, lines[:2])) + len(lines[2]) // 2  # inside the third record
    flip_byte(folder / "journal.jsonl", offset)
    return "journal.jsonl"


def truncate_snapshot(folder: Path) -> str:
    path = folder / "snapshot.jsonl"
    path.write_bytes(path.read_bytes()[:-10])
    return "snapshot.jsonl"


def flip_snapshot(folder: Path) -> str:
    path = folder / "snapshot.jsonl"
    flip_byte(path, path.stat().st_size // 2)
    return "snapshot.jsonl"


def delete_snapshot(folder: Path) -> str:
    (folder / "snapshot.jsonl").unlink()
    return "snapshot.jsonl"


def truncated_legacy_state(folder: Path) -> str:
    for path in folder.iterdir():
        if path.is_file():
            path.unlink()
    (folder / "state.json").write_text('{"format": 1, "sequences": [{"name": "x", "user_met')
    return "state.json"


DAMAGE = [damage_journal_middle, truncate_snapshot, flip_snapshot, delete_snapshot,
          truncated_legacy_state]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__)
def test_damage_outside_the_journal_tail_stops_start_up_naming_the_file(data, damage):
    folder, _ = data
    name = damage(folder)
    done = start_and_fail(folder)
    last = done.stderr.strip().splitlines()[-1]
    assert name in last and ("damaged" in last or "missing" in last), done.stderr


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__)
def test_a_start_up_refusal_is_one_line_without_a_traceback(data, damage):
    folder, _ = data
    name = damage(folder)
    done = start_and_fail(folder)
    assert "Traceback" not in done.stderr, done.stderr
    assert name in done.stderr
