"""Importing recordings into a sequence, bad recordings, export round trips, the CLI."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("rosbags")
pytest.importorskip("mcap")

from test_recordings_support import (  # noqa: E402
    COUNTS,
    FLOAT,
    double_lookup,
    real_registry,
    values,
    write_plain_mcap,
    write_ros1,
    write_ros2,
)

import mosaicolabs.recordings as recordings  # noqa: E402
from mosaicolabs.application.recordings.metadata import ROS_DEFINITION, ROS_TYPE  # noqa: E402
from mosaicolabs.domain.errors import NotFoundError  # noqa: E402
from mosaicolabs.recordings import (  # noqa: E402
    RecordingDecodeError,
    RecordingFormatError,
    export_recording,
    import_recording,
    open_recording,
)
from mosaicolabs.testing import memory_client  # noqa: E402

REAL = real_registry() is not None


@pytest.fixture(autouse=True)
def mappings(monkeypatch):
    """The real mapping registry once it exists, else the Float64 test double."""
    if not REAL:
        monkeypatch.setattr(recordings, "mapping_lookup", lambda: double_lookup)


@pytest.fixture
def client():
    with memory_client() as c:
        yield c


def _recording(kind: str, tmp: Path, custom: bool = False) -> Path:
    if kind == "rosbag1":
        return write_ros1(tmp / "rec.bag", custom=custom)
    if kind == "mcap":
        return write_plain_mcap(tmp / "plain.mcap")
    return write_ros2(tmp / "bag", "mcap" if kind == "rosbag2-mcap" else "sqlite3",
                      custom=custom)


def _stored(client, sequence: str, topic: str) -> list[tuple[int, float]]:
    table = client.topic_handler(sequence, topic).to_arrow()
    return list(zip(table.column("recording_timestamp_ns").to_pylist(),
                    table.column("data").to_pylist(), strict=True))


@pytest.mark.parametrize("kind", ["rosbag2-db3", "rosbag2-mcap", "rosbag1", "mcap"])
def test_import_each_format(kind, client, tmp_path):
    seen = []
    summary = import_recording(client, _recording(kind, tmp_path), "drive",
                               metadata={"site": "lab"}, batch_size=4, progress=seen.append)
    assert summary.messages == sum(COUNTS.values()) and summary.skipped == 0
    # a serialized Float64: 8 bytes in ROS 1, 4 (CDR header) + 8 in ROS 2
    assert summary.bytes == (8 if kind == "rosbag1" else 12) * summary.messages
    assert summary.seconds > 0 and summary.messages_per_second > 0
    assert {t.name: (t.messages, t.ontology_tag) for t in summary.topics} == {
        name: (count, "floating64") for name, count in COUNTS.items()}
    assert seen[-1].messages_done == seen[-1].messages_total == summary.messages
    assert sorted(client.sequence_handler("drive").topics) == sorted(COUNTS)
    assert client.sequence_handler("drive").user_metadata == {"site": "lab"}
    for name in COUNTS:
        assert _stored(client, "drive", name) == values(name)
        meta = client.topic_handler("drive", name).user_metadata
        assert meta[ROS_TYPE] == FLOAT and meta[ROS_DEFINITION].strip() == "float64 data"


def test_ros1_bytes_and_topic_selection(client, tmp_path):
    summary = import_recording(client, write_ros1(tmp_path / "a.bag"), "one", topics=["/other"])
    assert [t.name for t in summary.topics] == ["/other"]
    assert client.sequence_handler("one").topics == ["/other"]
    assert _stored(client, "one", "/other") == values("/other")
    with pytest.raises(NotFoundError, match="'/nope'.*it has: /other, /value"):
        import_recording(client, tmp_path / "a.bag", "two", topics=["/nope"])
    assert client.sequence_handler("two") is None


def _corrupt_one_message(bag: Path) -> None:
    """Cut the bytes of the third message of the bag's sqlite3 file."""
    database = sqlite3.connect(next(bag.glob("*.db3")))
    with database:
        (row,) = database.execute("SELECT id, data FROM messages ORDER BY timestamp "
                                  "LIMIT 1 OFFSET 2").fetchall()
        database.execute("UPDATE messages SET data = ? WHERE id = ?", (row[1][:6], row[0]))
    database.close()


def test_a_message_that_does_not_decode_is_skipped_and_counted(client, tmp_path):
    bag = write_ros2(tmp_path / "bag")
    _corrupt_one_message(bag)
    summary = import_recording(client, bag, "partly")
    assert summary.skipped == 1 and summary.messages == sum(COUNTS.values()) - 1
    (topic,) = [t for t in summary.topics if t.skipped]
    ((reason, count),) = topic.skip_reasons.items()
    assert count == 1 and "does not decode as std_msgs/msg/Float64" in reason
    assert len(_stored(client, "partly", topic.name)) == COUNTS[topic.name] - 1


def test_with_raise_a_bad_message_leaves_no_sequence(client, tmp_path):
    bag = write_ros2(tmp_path / "bag")
    _corrupt_one_message(bag)
    with pytest.raises(RecordingDecodeError, match="does not decode.*not kept"):
        import_recording(client, bag, "stopped", on_error="raise", batch_size=1)
    assert client.sequence_handler("stopped") is None


@pytest.mark.parametrize("kind", ["rosbag2-db3", "rosbag1", "mcap"])
def test_truncated_recordings_leave_no_sequence(kind, client, tmp_path):
    path = _recording(kind, tmp_path)
    target = next(path.glob("*.db3")) if path.is_dir() else path
    data = target.read_bytes()
    target.write_bytes(data[: len(data) * 9 // 10])
    with pytest.raises(RecordingFormatError):
        import_recording(client, path, "cut")
    assert client.sequence_handler("cut") is None


def test_unknown_format_and_encoding(client, tmp_path):
    (tmp_path / "x.bag").write_text("not a bag")
    with pytest.raises(RecordingFormatError, match="not a ROS 1 bag"):
        import_recording(client, tmp_path / "x.bag", "x")
    assert client.sequence_handler("x") is None
    summary = import_recording(client, write_plain_mcap(tmp_path / "j.mcap", "json"), "json")
    assert summary.messages == 0 and summary.skipped == sum(COUNTS.values())
    assert all("encoding 'json'" in next(iter(t.skip_reasons)) for t in summary.topics)


def test_bad_arguments(client, tmp_path):
    bag = write_ros1(tmp_path / "a.bag")
    with pytest.raises(ValueError, match="on_error"):
        import_recording(client, bag, "x", on_error="ignore")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="batch_size"):
        import_recording(client, bag, "x", batch_size=0)
    assert client.sequence_handler("x") is None


@pytest.mark.parametrize("source", ["rosbag2-db3", "rosbag1"])
@pytest.mark.parametrize("fmt", ["mcap", "rosbag2", "rosbag2-mcap", "rosbag1"])
def test_export_round_trip(source, fmt, client, tmp_path):
    custom = REAL  # the generic mapping of the real registry carries custom types
    original = _recording(source, tmp_path, custom=custom)
    import_recording(client, original, "trip")
    out = tmp_path / ("out.bag" if fmt == "rosbag1" else "out")
    summary = export_recording(client, "trip", out, format=fmt)
    assert summary.messages == sum(COUNTS.values()) + (5 if custom else 0)
    before, after = open_recording(original), open_recording(out)
    try:
        assert [(t.name, t.ros_type, t.count) for t in before.topics()] == \
            [(t.name, t.ros_type, t.count) for t in after.topics()]
        names = [t.name for t in before.topics()]
        old = {t.name: t for t in before.topics()}
        new = {t.name: t for t in after.topics()}
        got = [(m.topic, m.log_time_ns, after.decode(new[m.topic], m.data))
               for m in after.messages(names)]
        want = [(m.topic, m.log_time_ns, before.decode(old[m.topic], m.data))
                for m in before.messages(names)]
        assert [n for _, n, _ in got] == sorted(n for _, n, _ in got)  # in log-time order
        got.sort(key=lambda r: (r[0], r[1]))  # messages logged at the same time: any order
        want.sort(key=lambda r: (r[0], r[1]))
        assert [(t, n) for t, n, _ in got] == [(t, n) for t, n, _ in want]
        for (topic, _, a), (_, _, b) in zip(got, want, strict=True):
            if topic == "/custom":
                assert (a.value, a.label, list(a.counts)) == (b.value, b.label, list(b.counts))
            else:
                assert a.data == b.data
    finally:
        before.close()
        after.close()


def test_export_errors(client, tmp_path):
    with pytest.raises(NotFoundError):
        export_recording(client, "missing", tmp_path / "m.mcap")
    assert not (tmp_path / "m.mcap").exists()  # a failed export leaves no file
    import_recording(client, write_ros1(tmp_path / "a.bag"), "s")
    with pytest.raises(NotFoundError, match="/nope"):
        export_recording(client, "s", tmp_path / "n.mcap", topics=["/nope"])
    with pytest.raises(FileExistsError):
        export_recording(client, "s", tmp_path / "a.bag", format="rosbag1")
    summary = export_recording(client, "s", tmp_path / "o.mcap", topics=["/value"])
    assert [t.name for t in summary.topics] == ["/value"] and summary.messages == 25


def test_export_skips_topics_not_imported_from_a_recording(client, tmp_path):
    import pyarrow as pa

    from mosaicolabs.domain.ontology.base_types import Floating64
    from mosaicolabs.domain.ontology.message import message_schema

    with client.sequence_create("mixed", {}) as writer:
        topic = writer.topic_create("/plain", {}, Floating64)
        topic.push_batch(pa.RecordBatch.from_pydict(
            {"timestamp_ns": [1], "data": [2.0]},
            schema=pa.schema([message_schema(Floating64).field(n) for n in
                              ("timestamp_ns", "data")])))
    summary = export_recording(client, "mixed", tmp_path / "m.mcap")
    assert summary.messages == 0 and "/plain" in summary.skipped_topics


def test_cli_dry_run_lists_topics_without_a_server(capsys, tmp_path):
    from mosaicolabs.cli import main

    bag = write_ros1(tmp_path / "a.bag")
    assert main(["import-recording", str(bag), "--name", "x", "--dry-run",
                 "--port", "1"]) == 0
    out = capsys.readouterr().out
    assert "2 topics, 32 messages" in out
    for name, count in COUNTS.items():
        line = next(line for line in out.splitlines() if line.startswith(name))
        assert FLOAT in line and str(count) in line and "floating64" in line.lower()
    assert main(["--json", "import-recording", str(bag), "--name", "x", "--dry-run",
                 "--topics", "/value"]) == 0
    assert '"messages": 25' in capsys.readouterr().out


def test_cli_import_and_export(capsys, monkeypatch, tmp_path):
    import mosaicolabs.cli.recordings as cli_recordings
    from mosaicolabs.cli import main
    from mosaicolabs.testing import MemoryEngine

    engine = MemoryEngine()
    monkeypatch.setattr(cli_recordings, "open_client", lambda args: memory_client(engine))
    bag = write_ros2(tmp_path / "bag")
    assert main(["import-recording", str(bag), "--name", "cli", "--topics", "/value"]) == 0
    assert "imported 25 messages" in capsys.readouterr().out
    assert main(["export-recording", "cli", str(tmp_path / "out.bag")]) == 0
    assert "(rosbag1): 1 topics, 25 messages" in capsys.readouterr().out
    assert main(["import-recording", str(tmp_path / "nothing.bag"), "--name", "z"]) == 2


def test_batches_are_pushed_as_they_fill(client, monkeypatch, tmp_path):
    """Memory stays bounded: no topic holds more than batch_size decoded messages."""
    base = recordings.mapping_lookup()
    sizes: list[int] = []

    class Spy:
        def __init__(self, inner):
            self.inner, self.ros_type, self.model = inner, inner.ros_type, inner.model

        def to_batch(self, times, messages):
            sizes.append(len(messages))
            return self.inner.to_batch(times, messages)

    monkeypatch.setattr(recordings, "mapping_lookup",
                        lambda: lambda *args: Spy(base(*args)))
    import_recording(client, write_ros2(tmp_path / "bag"), "bounded", batch_size=4)
    assert max(sizes) == 4 and sum(sizes) == sum(COUNTS.values())
    assert len(sizes) == sum(-(-n // 4) for n in COUNTS.values())
