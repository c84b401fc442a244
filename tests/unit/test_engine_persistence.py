"""The engine's data directory: a restarted engine has everything acknowledged, nothing else."""

from __future__ import annotations

import errno
import os

import pyarrow as pa
import pytest

from mosaicolabs import APIKeyPermissionEnum, Floating64, Message, MosaicoClient
from mosaicolabs.adapters.memory import MemoryEngine, persistence
from mosaicolabs.adapters.memory.persistence_files import DamagedDataError, DataDirectoryError
from mosaicolabs.domain.errors import ServerError
from mosaicolabs.mock_server import running_server

SCHEMA = pa.schema([pa.field("timestamp_ns", pa.int64(), False), pa.field("v", pa.float64())])


def batch(stamps):
    return pa.record_batch([pa.array(stamps, pa.int64()), pa.array([float(s) for s in stamps])],
                           schema=SCHEMA)


def completed_topic(engine, sequence="seq", topic="imu", stamps=(3, 1, 2)):
    if sequence not in engine.list_sequences():
        engine.create_sequence(sequence, {"site": {"name": "lab"}})
    session = engine.create_session(sequence)
    topic_uuid = engine.create_topic(session, f"{sequence}/{topic}", "floating64", "default", {})
    upload = engine.begin_upload(f"{sequence}/{topic}", topic_uuid, SCHEMA)
    upload.append(batch(list(stamps)))
    upload.commit()
    return session


def test_everything_acknowledged_survives_a_restart(tmp_path):
    first = MemoryEngine(data_dir=tmp_path, enforce_api_keys=True)
    token = first.keys.issue(APIKeyPermissionEnum.Write, "writer")
    session = completed_topic(first)
    first.finalize_session(session)
    first.create_notification("seq/imu", "error", "a hiccup")
    del first
    again = MemoryEngine(data_dir=tmp_path, enforce_api_keys=True)
    sequence = again.describe_sequence("seq")
    assert sequence.user_metadata == {"site": {"name": "lab"}}
    assert sequence.sessions[0].locked and sequence.topic_names == ["/imu"]
    topic, batches = again.read_topic("seq/imu")
    assert topic.locked and topic.chunks_number == 1
    assert [t for b in batches for t in b.column("timestamp_ns").to_pylist()] == [1, 2, 3]
    assert [n.message for n in again.list_notifications("seq/imu")] == ["a hiccup"]
    again.authorize(token, "DoPut")  # the key still works after the restart


def test_tokens_are_not_written_to_disk(tmp_path):
    engine = MemoryEngine(data_dir=tmp_path)
    token = engine.keys.issue(APIKeyPermissionEnum.Manage, "admin")
    payload = token.split("_")[1]
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert payload.encode() not in path.read_bytes()


def test_an_upload_that_never_completed_is_not_visible_after_restart(tmp_path):
    engine = MemoryEngine(data_dir=tmp_path)
    engine.create_sequence("seq", {})
    session = engine.create_session("seq")
    topic_uuid = engine.create_topic(session, "seq/imu", "floating64", "default", {})
    upload = engine.begin_upload("seq/imu", topic_uuid, SCHEMA)
    upload.append(batch([1, 2]))  # crash before commit
    again = MemoryEngine(data_dir=tmp_path)
    topic = again.describe_topic("seq/imu")
    assert not topic.locked and topic.chunks_number == 0 and topic.time_range is None
    retry = again.begin_upload("seq/imu", topic_uuid, SCHEMA)  # the writer can start over
    retry.append(batch([1, 2]))
    retry.commit()
    assert again.describe_topic("seq/imu").locked


def test_leftover_temporary_files_are_ignored_and_cleaned(tmp_path):
    engine = MemoryEngine(data_dir=tmp_path)
    completed_topic(engine)
    (tmp_path / "snapshot.jsonl.tmp").write_bytes(b"{half written")
    (tmp_path / "topics" / "dead.arrow.tmp").write_bytes(b"junk")
    again = MemoryEngine(data_dir=tmp_path)
    assert again.list_sequences() == ["seq"]
    again.create_sequence("other", {})  # any change sweeps stray data files
    assert not (tmp_path / "topics" / "dead.arrow.tmp").exists()


def test_deleting_a_sequence_removes_its_data_files(tmp_path):
    engine = MemoryEngine(data_dir=tmp_path)
    completed_topic(engine)
    assert len(list((tmp_path / "topics").iterdir())) == 1
    engine.delete_sequence("seq")
    assert list((tmp_path / "topics").iterdir()) == []
    assert MemoryEngine(data_dir=tmp_path).list_sequences() == []


def test_a_full_disk_refuses_the_change_and_keeps_the_rest(tmp_path, monkeypatch):
    engine = MemoryEngine(data_dir=tmp_path)
    completed_topic(engine, topic="kept")
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ServerError, match="No space left"):
        completed_topic(engine, topic="lost")
    monkeypatch.setattr(os, "fsync", real_fsync)
    # memory went back to what the disk holds: only acknowledged changes remain
    assert engine.describe_sequence("seq").topic_names == ["/kept"]
    assert MemoryEngine(data_dir=tmp_path).describe_sequence("seq").topic_names == ["/kept"]


def test_a_restarted_server_serves_what_clients_wrote(tmp_path):
    with running_server(MemoryEngine(data_dir=tmp_path)) as server:
        with MosaicoClient.connect("127.0.0.1", server.port) as client:
            with client.sequence_create("drive", {}) as writer:
                topic = writer.topic_create("/v", {}, Floating64)
                for t in range(100):
                    topic.push(Message(timestamp_ns=t, data=Floating64(data=t / 2)))
    with running_server(MemoryEngine(data_dir=tmp_path)) as server:
        with MosaicoClient.connect("127.0.0.1", server.port) as client:
            values = [m.data.data for m in client.topic_handler("drive", "/v").get_data_streamer()]
    assert values == [t / 2 for t in range(100)]


def test_the_journal_is_folded_into_a_snapshot_and_a_crash_while_folding_loses_nothing(
        tmp_path, monkeypatch):
    monkeypatch.setattr(persistence, "_COMPACT_MIN", 4096)  # fold after a few records
    engine = MemoryEngine(data_dir=tmp_path)
    completed_topic(engine)
    journal, written = tmp_path / "journal.jsonl", []
    for n in range(1000):
        before = journal.read_bytes()
        engine.create_notification("seq", "error", f"note {n}")
        written.append(f"note {n}")
        if journal.stat().st_size < len(before):
            break  # folded: everything is in the snapshot, the journal starts again
    else:
        pytest.fail("the journal was never folded into a snapshot")
    assert MemoryEngine(data_dir=tmp_path).list_notifications("seq")[-1].message == written[-1]
    # A crash after the new snapshot but before the new journal leaves the old one behind:
    # it belongs to the older snapshot, so it is not replayed over the new one.
    journal.write_bytes(before)
    again = MemoryEngine(data_dir=tmp_path)
    assert [n.message for n in again.list_notifications("seq")] == written
    again.create_notification("seq", "error", "after the crash")
    assert [n.message for n in MemoryEngine(data_dir=tmp_path).list_notifications("seq")] == \
        [*written, "after the crash"]
    _, batches = again.read_topic("seq/imu")
    assert [t for b in batches for t in b.column("timestamp_ns").to_pylist()] == [1, 2, 3]


def test_a_damaged_topic_is_never_served_not_even_to_queries(tmp_path):
    engine = MemoryEngine(data_dir=tmp_path)
    completed_topic(engine, topic="ok", stamps=(1, 2))
    files = set((tmp_path / "topics").iterdir())
    completed_topic(engine, topic="bad", stamps=(5, 6))
    (bad_file,) = set((tmp_path / "topics").iterdir()) - files
    raw = bytearray(bad_file.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    bad_file.write_bytes(bytes(raw))
    again = MemoryEngine(data_dir=tmp_path)
    assert again.describe_topic("seq/bad").locked  # the catalog still describes it
    query = {"ontology": {"floating64.v": {"$gt": 0}, "include_timestamp_range": True}}
    assert [t.name for hit in again.query(query) for t in hit.topics] == ["/ok"]
    with pytest.raises(DamagedDataError, match=bad_file.name):
        again.read_topic("seq/bad")
    _, batches = again.read_topic("seq/ok")
    assert [t for b in batches for t in b.column("timestamp_ns").to_pylist()] == [1, 2]


def test_a_data_directory_that_cannot_be_read_is_refused_with_one_line(tmp_path):
    MemoryEngine(data_dir=tmp_path).create_sequence("seq", {})
    snapshot = tmp_path / "snapshot.jsonl"
    snapshot.write_bytes(snapshot.read_bytes().replace(b'"snapshot"', b'"snapsh0t"'))
    with pytest.raises(DataDirectoryError) as caught:
        MemoryEngine(data_dir=tmp_path)
    assert str(snapshot) in str(caught.value) and "\n" not in str(caught.value)
