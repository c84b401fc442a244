"""Persistence that does not lie: acknowledged means durable, refused means unchanged.

A change is answered only once it is on disk; a change the disk refuses leaves the
server's memory exactly as it was (later writes work normally); a write costs the
same however large the catalog is; data directories of the first format still load.
Against a real server process where the point is what a client sees and what a
SIGKILLed server kept, against the engine where the point is its memory.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pyarrow as pa
import pytest

from mosaicolabs import APIKeyPermissionEnum, Floating64, Message, MosaicoClient
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKey
from mosaicolabs.domain.errors import ServerError

from .server_process import ServerProcess

SCHEMA = pa.schema([pa.field("timestamp_ns", pa.int64(), False), pa.field("v", pa.float64())])


def nested(depth: int) -> dict:
    value: object = 1
    for _ in range(depth):
        value = {"a": value}
    return value  # type: ignore[return-value]


def depth_of(value: object) -> int:
    depth = 0
    while isinstance(value, dict):  # a loop: recursion would hit the very limit tested
        value, depth = value["a"], depth + 1
    return depth


def write(client, sequence, metadata=None, stamps=range(10)):
    with client.sequence_create(sequence, metadata or {}) as writer:
        topic = writer.topic_create("/v", {}, Floating64)
        for t in stamps:
            topic.push(Message(timestamp_ns=t, data=Floating64(data=float(t))))


def test_metadata_the_store_cannot_encode_is_refused_and_changes_nothing(tmp_path):
    # The check on metadata accepts what the JSON encoder can take at its own call depth;
    # the store encodes it deeper down. Deepen until the engine refuses: the store must.
    # (The server's wire refuses JSON deeper than 128 levels, so only the engine gets here.)
    engine = MemoryEngine(data_dir=tmp_path)
    engine.create_sequence("before", {"site": "lab"})
    acknowledged, refusal, depth = ["before"], None, 0
    for depth in range(900, 1100):
        try:
            engine.create_sequence(f"deep_{depth}", nested(depth))
        except ServerError as exc:
            refusal = exc
            break
        acknowledged.append(f"deep_{depth}")
    assert refusal is not None and "persist" in str(refusal)
    assert engine.list_sequences() == sorted(acknowledged)  # memory did not run ahead
    engine.create_sequence("after", {})  # later writes work normally
    engine.create_notification("before", "error", "still writable")
    again = MemoryEngine(data_dir=tmp_path)  # only what is on disk comes back
    assert again.list_sequences() == sorted([*acknowledged, "after"])
    assert again.describe_sequence("before").user_metadata == {"site": "lab"}
    deepest = acknowledged[-1]
    assert depth_of(again._sequences[deepest].user_metadata) == depth - 1
    again.create_sequence("later", {})



def test_a_change_the_disk_cannot_hold_is_refused_and_nothing_else_is_lost(tiny_disk):
    with ServerProcess(tiny_disk / "data") as server:
        with MosaicoClient.connect("127.0.0.1", server.port) as client:
            write(client, "small")
            with pytest.raises(ServerError) as caught:  # its journal record cannot fit
                write(client, "huge", {"blob": "x" * 1_200_000})
            assert "space" in str(caught.value).lower()
            assert client.list_sequences() == ["small"]  # refused means not there
            write(client, "after")  # the journal took the failed append back: writes go on
            assert sorted(client.list_sequences()) == ["after", "small"]
        server.restart()  # SIGKILL, then start on what the disk holds
        with MosaicoClient.connect("127.0.0.1", server.port) as client:
            assert sorted(client.list_sequences()) == ["after", "small"]
            client.clear_topic_handlers_cache()
            streamer = client.topic_handler("after", "/v").get_data_streamer()
            assert [m.timestamp_ns for m in streamer] == list(range(10))


def batch(stamps):
    return pa.record_batch([pa.array(stamps, pa.int64()), pa.array([float(s) for s in stamps])],
                           schema=SCHEMA)


def everything(engine: MemoryEngine) -> dict:
    """All an engine's callers can observe."""
    names = engine.list_sequences()
    sequences = {n: engine.describe_sequence(n) for n in names}
    locators = [f"{n}{t}" for n, s in sequences.items() for t in s.topic_names]
    notes = {loc: engine.list_notifications(loc) for loc in [*names, *locators]}
    rows = {loc: [b.to_pylist() for b in engine.read_topic(loc)[1]] for loc in locators}
    return {"sequences": sequences, "notes": notes, "rows": rows, "keys": engine.keys.export()}


def test_a_refused_write_leaves_memory_exactly_as_it_was(tmp_path, monkeypatch):
    engine = MemoryEngine(data_dir=tmp_path)
    engine.create_sequence("seq", {"site": "lab"})
    done = engine.create_session("seq")
    topic_uuid = engine.create_topic(done, "seq/imu", "floating64", "default", {})
    upload = engine.begin_upload("seq/imu", topic_uuid, SCHEMA)
    upload.append(batch([3, 1, 2]))
    upload.commit()
    engine.finalize_session(done)
    engine.create_notification("seq/imu", "error", "a hiccup")
    engine.create_notification("seq", "error", "a sequence note")
    fingerprint = APIKey.parse(engine.keys.issue(APIKeyPermissionEnum.Read, "reader")).fingerprint
    engine.create_sequence("other", {})
    open_session = engine.create_session("other")
    pending = engine.create_topic(open_session, "other/pending", "floating64", "default", {})
    in_flight = engine.begin_upload("other/pending", pending, SCHEMA)
    in_flight.append(batch([5, 6]))
    spare = engine.create_topic(open_session, "other/spare", "floating64", "default", {})
    before = everything(engine)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    refused = [
        lambda: engine.create_sequence("new", {}),
        lambda: engine.delete_sequence("seq"),
        lambda: engine.create_session("seq"),
        lambda: engine.finalize_session(done),
        lambda: engine.delete_session(done),
        lambda: engine.create_topic(open_session, "other/new", "floating64", "default", {}),
        lambda: engine.delete_topic("other/spare"),
        lambda: engine.create_notification("seq/imu", "error", "lost"),
        lambda: engine.purge_notifications("seq"),
        lambda: engine.keys.issue(APIKeyPermissionEnum.Write, "writer"),
        lambda: engine.keys.revoke(fingerprint),
    ]
    for change in refused:
        with pytest.raises(ServerError, match="No space left"):
            change()
        assert everything(engine) == before
    monkeypatch.undo()
    assert spare  # untouched by every refusal above
    in_flight.append(batch([4]))  # the upload in flight was not disturbed by the refusals
    in_flight.commit()
    after = everything(engine)
    assert after["rows"]["other/pending"] == [[{"timestamp_ns": t, "v": float(t)}
                                               for t in (4, 5, 6)]]
    assert everything(MemoryEngine(data_dir=tmp_path)) == after


def _bytes_written() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    raise AssertionError("no wchar in /proc/self/io")


def _cost_of(write) -> int:
    """Bytes this process writes for the cheapest of three calls of ``write(i)``."""
    costs = []
    for i in range(3):  # the cheapest: a compaction may fall on any one call
        start = _bytes_written()
        write(i)
        costs.append(_bytes_written() - start)
    return min(costs)


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux /proc/self/io")
@pytest.mark.parametrize("existing", [10, 1500])
def test_a_write_costs_the_same_however_large_the_catalog(tmp_path, monkeypatch, existing):
    engine = MemoryEngine(data_dir=tmp_path)
    with monkeypatch.context() as fast:
        fast.setattr(os, "fsync", lambda fd: None)  # only bytes are counted here
        for n in range(existing):
            engine.create_sequence(f"seq_{n:05}", {"site": {"name": "lab", "n": n}})
        engine.create_sequence("huge", {"blob": "x" * 8_000_000})
    assert _cost_of(lambda i: engine.create_sequence(f"new_{i}", {"k": i})) < 4096
    assert _cost_of(lambda i: engine.create_notification("huge", "error", f"n{i}")) < 4096
    assert _cost_of(lambda i: engine.create_session("huge")) < 4096


def _legacy_fixture(folder: Path, token: str) -> None:
    """A data directory as the first format wrote it: ``state.json`` plus topic files."""
    session, topic = "6f1c1f7e-8a4c-4e0e-9a52-3f4b2d1c0a11", "0b7e2a6d-1f3c-4d5e-8a9b-7c6d5e4f3a21"
    (folder / "topics").mkdir(parents=True)
    table = pa.table({"timestamp_ns": pa.array([10, 20, 30], pa.int64()),
                      "v": pa.array([1.0, 2.0, 3.0])}, schema=SCHEMA)
    with pa.ipc.new_file(str(folder / "topics" / f"{topic}.arrow"), SCHEMA) as writer:
        writer.write_table(table)
    key = APIKey.parse(token)
    state = f"""{{"format": 1,
      "sequences": [{{"name": "legacy", "user_metadata": {{"site": {{"name": "lab"}}}},
                      "created_at_ns": 1700000000000000000, "session_uuids": ["{session}"],
                      "notifications": [{{"locator": "legacy", "message": "old note",
                                          "created_at_ns": 1700000000000000005}}]}}],
      "sessions": [{{"uuid": "{session}", "sequence_name": "legacy",
                     "created_at_ns": 1700000000000000001,
                     "completed_at_ns": 1700000000000000004, "topic_locators": ["legacy/imu"]}}],
      "topics": [{{"uuid": "{topic}", "locator": "legacy/imu", "session_uuid": "{session}",
                   "ontology_tag": "floating64", "user_metadata": {{"unit": "m"}},
                   "created_at_ns": 1700000000000000002, "completed_at_ns": 1700000000000000003,
                   "chunks_number": 1, "total_bytes": 48, "serialization_format": "default",
                   "notifications": [{{"locator": "legacy/imu", "message": "topic note",
                                       "created_at_ns": 1700000000000000006}}]}}],
      "keys": [{{"fingerprint": "{key.fingerprint}",
                 "digest": "{hashlib.sha256(token.encode()).hexdigest()}",
                 "permission": "write", "description": "old writer",
                 "created_at_ns": 1700000000000000000, "expires_at_ns": null}},
               {{"fingerprint": "0badf00d", "revoked": true}}]}}"""
    json.loads(state)  # the fixture itself is well-formed
    (folder / "state.json").write_text(state)


def test_a_data_directory_of_the_first_format_still_loads(tmp_path):
    token = APIKey.generate().token
    _legacy_fixture(tmp_path, token)
    for _ in range(2):  # as first found, then as this version keeps it
        engine = MemoryEngine(data_dir=tmp_path, enforce_api_keys=True)
        sequence = engine.describe_sequence("legacy")
        assert sequence.user_metadata == {"site": {"name": "lab"}}
        assert sequence.sessions[0].locked and sequence.topic_names == ["/imu"]
        topic, batches = engine.read_topic("legacy/imu")
        assert topic.locked and topic.user_metadata == {"unit": "m"}
        assert (topic.time_range.start_ns, topic.time_range.end_ns) == (10, 30)
        assert [r for b in batches for r in b.column("v").to_pylist()] == [1.0, 2.0, 3.0]
        assert [n.message for n in engine.list_notifications("legacy")] == ["old note"]
        assert [n.message for n in engine.list_notifications("legacy/imu")] == ["topic note"]
        engine.authorize(token, "DoPut")  # the key still works
        assert {"fingerprint": "0badf00d", "revoked": True} in engine.keys.export()
        del engine
    MemoryEngine(data_dir=tmp_path).create_sequence("new", {})  # and it takes new writes
    assert MemoryEngine(data_dir=tmp_path).list_sequences() == ["legacy", "new"]
