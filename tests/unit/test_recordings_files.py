"""The recording file adapters: ROS 1 bags, ROS 2 bags (sqlite3, mcap), plain MCAP."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("rosbags")
pytest.importorskip("mcap")

from test_recordings_support import (  # noqa: E402
    COUNTS,
    CUSTOM,
    CUSTOM_DEF,
    FLOAT,
    values,
    write_plain_mcap,
    write_ros1,
    write_ros2,
)

from mosaicolabs.adapters.recordings import _deps  # noqa: E402
from mosaicolabs.adapters.recordings.opening import (  # noqa: E402
    create_recording,
    detect_kind,
    open_recording,
)
from mosaicolabs.ports.recordings import RecordedTopic, RecordingFormatError  # noqa: E402


def _recording(kind: str, tmp: Path) -> Path:
    if kind == "rosbag1":
        return write_ros1(tmp / "rec.bag", custom=True)
    if kind == "mcap":
        return write_plain_mcap(tmp / "plain.mcap")
    bag = write_ros2(tmp / "bag", "mcap" if kind.endswith("mcap") else "sqlite3", custom=True)
    if kind.startswith("file-"):  # the storage file alone, without metadata.yaml
        return next(p for p in bag.iterdir() if p.suffix in (".db3", ".mcap"))
    return bag


KINDS = ["rosbag1", "rosbag2-db3", "rosbag2-mcap", "file-db3", "file-mcap", "mcap"]


@pytest.mark.parametrize("kind", KINDS)
def test_reader_topics_order_and_values(kind, tmp_path):
    path = _recording(kind, tmp_path)
    reader = open_recording(path)
    try:
        topics = {t.name: t for t in reader.topics()}
        for name, count in COUNTS.items():
            topic = topics[name]
            assert (topic.ros_type, topic.count) == (FLOAT, count)
            assert topic.definition.strip() == "float64 data"
            assert topic.encoding == ("ros1" if kind == "rosbag1" else "cdr")
        messages = list(reader.messages(list(COUNTS)))
        times = [m.log_time_ns for m in messages]
        assert times == sorted(times) and len(messages) == sum(COUNTS.values())
        for name in COUNTS:
            got = [(m.log_time_ns, reader.decode(topics[name], m.data).data)
                   for m in messages if m.topic == name]
            assert got == values(name)
        if kind != "mcap":  # the custom type decodes from the definition the file carries
            custom = topics["/custom"]
            assert custom.ros_type == CUSTOM and custom.definition.strip() == CUSTOM_DEF.strip()
            decoded = [reader.decode(custom, m.data) for m in reader.messages(["/custom"])]
            assert [(d.value, d.label, list(d.counts)) for d in decoded] == [
                (i * 0.25, f"r{i}", list(range(i % 4))) for i in range(5)]
        only = list(reader.messages(["/other"]))
        assert {m.topic for m in only} == {"/other"} and len(only) == COUNTS["/other"]
    finally:
        reader.close()
        reader.close()  # idempotent


def test_detect_kind(tmp_path):
    assert detect_kind(write_ros1(tmp_path / "a.bag")) == "rosbag1"
    assert detect_kind(write_ros2(tmp_path / "b")) == "rosbag2"
    assert detect_kind(next((tmp_path / "b").glob("*.db3"))) == "db3"
    assert detect_kind(write_plain_mcap(tmp_path / "c.mcap")) == "mcap"


def test_a_file_with_the_wrong_suffix_is_read_by_its_content(tmp_path):
    renamed = tmp_path / "recording.dat"
    write_ros1(tmp_path / "a.bag").rename(renamed)
    reader = open_recording(renamed)
    try:
        assert sorted(t.name for t in reader.topics()) == sorted(COUNTS)
    finally:
        reader.close()


@pytest.mark.parametrize("content", [b"hello, world\n", b"", b"#ROSBAG V1.2\n"])
def test_unknown_formats_are_a_typed_error(tmp_path, content):
    path = tmp_path / "notes.bag"
    path.write_bytes(content)
    with pytest.raises(RecordingFormatError, match="notes.bag"):
        open_recording(path)


def test_missing_paths_and_plain_directories(tmp_path):
    with pytest.raises(FileNotFoundError):
        open_recording(tmp_path / "missing.bag")
    with pytest.raises(RecordingFormatError, match="metadata.yaml"):
        open_recording(tmp_path)


@pytest.mark.parametrize("kind", ["rosbag1", "mcap", "file-db3", "file-mcap"])
def test_truncated_files_are_a_typed_error(kind, tmp_path):
    path = _recording(kind, tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 6 // 10])
    with pytest.raises(RecordingFormatError, match="truncated|damaged|cannot read"):
        reader = open_recording(path)
        try:
            list(reader.messages([t.name for t in reader.topics()]))
        finally:
            reader.close()


def test_messages_in_an_encoding_we_do_not_decode(tmp_path):
    reader = open_recording(write_plain_mcap(tmp_path / "json.mcap", encoding="json"))
    try:
        topic = reader.topics()[0]
        assert topic.encoding == "json"
        message = next(iter(reader.messages([topic.name])))
        with pytest.raises(ValueError, match="encoding 'json'"):
            reader.decode(topic, message.data)
    finally:
        reader.close()


@pytest.mark.parametrize("fmt", ["mcap", "rosbag2", "rosbag2-mcap", "rosbag1"])
def test_writers_round_trip(fmt, tmp_path):
    path = tmp_path / ("out.bag" if fmt == "rosbag1" else "out")
    writer = create_recording(path, fmt)
    float_topic = RecordedTopic("/value", FLOAT, "float64 data\n", 0, "cdr")
    custom_topic = RecordedTopic("/custom", CUSTOM, CUSTOM_DEF, 0, "cdr")
    writer.add_topic(float_topic)
    writer.add_topic(custom_topic)  # unknown to the type store: taught by its definition
    make, reading = writer.types.types[FLOAT], writer.types.types[CUSTOM]
    for log_time, value in values("/value"):
        writer.write("/value", log_time, make(data=value))
    import numpy as np

    writer.write("/custom", 5, reading(value=1.5, label="x", counts=np.array([1, 2], np.int32)))
    with pytest.raises(ValueError, match="cannot serialize"):
        writer.write("/value", 6, "not a message")
    writer.close()
    writer.close()
    reader = open_recording(path)
    try:
        topics = {t.name: t for t in reader.topics()}
        assert topics["/value"].ros_type == FLOAT and topics["/value"].count == COUNTS["/value"]
        got = [(m.log_time_ns, reader.decode(topics["/value"], m.data).data)
               for m in reader.messages(["/value"])]
        assert got == values("/value")
        (custom,) = [reader.decode(topics["/custom"], m.data)
                     for m in reader.messages(["/custom"])]
        assert (custom.value, custom.label, list(custom.counts)) == (1.5, "x", [1, 2])
    finally:
        reader.close()


def test_plain_mcap_export_reads_with_the_mcap_library(tmp_path):
    from mcap.reader import make_reader

    path = tmp_path / "x.mcap"
    writer = create_recording(path, "mcap")
    writer.add_topic(RecordedTopic("/value", FLOAT, "float64 data\n", 0, "cdr"))
    for log_time, value in values("/value"):
        writer.write("/value", log_time, writer.types.types[FLOAT](data=value))
    writer.close()
    assert not (tmp_path / "metadata.yaml").exists()
    with path.open("rb") as handle:
        found = [(s.name, s.encoding, c.message_encoding, m.log_time)
                 for s, c, m in make_reader(handle).iter_messages()]
    assert found == [(FLOAT, "ros2msg", "cdr", t) for t, _ in values("/value")]


def test_writers_refuse_existing_paths_and_unknown_formats(tmp_path):
    (tmp_path / "taken.mcap").write_bytes(b"")
    with pytest.raises(FileExistsError):
        create_recording(tmp_path / "taken.mcap", "mcap")
    with pytest.raises(RecordingFormatError, match="unknown recording format"):
        create_recording(tmp_path / "new", "rosbag3")


def test_missing_dependency_names_the_extra(monkeypatch):
    import importlib

    real = importlib.import_module

    def fake(name, *args):
        if name.startswith("rosbags"):
            raise ModuleNotFoundError("No module named 'rosbags'", name="rosbags")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'mosaico-hexclient\[recordings\]'"):
        _deps.require("rosbags.highlevel")


def test_importing_the_library_does_not_load_rosbags_or_mcap():
    code = ("import sys, mosaicolabs, mosaicolabs.recordings, mosaicolabs.cli.parser; "
            "mosaicolabs.cli.parser.build_parser(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rosbags', 'mcap', "
            "'mcap_ros2')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
