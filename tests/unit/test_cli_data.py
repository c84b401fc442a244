"""``mosaico get``/``export``/``put`` end to end: Parquet and CSV round trips, errors, progress."""

from __future__ import annotations

import io
import json

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from mosaicolabs import IMU, Floating64, Image, Message, MosaicoClient
from mosaicolabs.cli import main
from mosaicolabs.cli.progress import _TextBar, open_progress
from mosaicolabs.cli.tables import conform, csv_ready
from mosaicolabs.domain.ontology.message import message_schema
from mosaicolabs.domain.ontology.models import Quaternion, Vector3d
from mosaicolabs.mock_server import running_server

T0 = 1_700_000_000_000_000_000


def _imu(i: int) -> IMU:
    return IMU(
        acceleration=Vector3d(x=i / 3, y=-1e-300, z=9.80665, covariance=[0.1 * i, 2.0],
                              covariance_type=i % 3),
        angular_velocity=Vector3d(x=None, y=0.0, z=0.01),
        orientation=Quaternion(x=0.0, y=0.0, z=0.0, w=1.0) if i % 2 else None)


def seed(port: int) -> None:
    """``drive``: IMU rows with lists, nulls and odd floats; a speed topic; a tiny image topic."""
    with MosaicoClient.connect("127.0.0.1", port) as client:
        with client.sequence_create("drive", {"k": 1}) as writer:
            imu = writer.topic_create("/sensors/imu", {}, IMU)
            speed = writer.topic_create("/speed", {}, Floating64)
            camera = writer.topic_create("/camera", {}, Image)
            for i in range(30):
                stamp = T0 + i * 1_000_001
                imu.push(Message(timestamp_ns=stamp, data=_imu(i), sequence_id=i,
                                 frame_id=("base" if i % 3 else ("" if i % 2 else None))))
                speed.push(Message(timestamp_ns=stamp, data=Floating64(data=i * 0.1)))
            camera.push(Message(timestamp_ns=T0, data=Image(
                data=bytes(range(6)), format="raw", width=2, height=1, stride=6,
                encoding="rgb8", is_bigendian=False)))


@pytest.fixture
def port():
    with running_server() as server:
        seed(server.port)
        yield server.port


def run(capsys, port, *argv):
    code = main([*argv, "--host", "127.0.0.1", "--port", str(port)])
    out, err = capsys.readouterr()
    return code, out, err


def stored(port, sequence, topic) -> pa.Table:
    with MosaicoClient.connect("127.0.0.1", port) as client:
        return client.topic_handler(sequence, topic).to_arrow()


def same_rows(a: pa.Table, b: pa.Table) -> bool:
    return a.schema.remove_metadata().equals(b.schema.remove_metadata()) and \
        a.to_pylist() == b.to_pylist()


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
@pytest.mark.parametrize("topic,tag", [("/sensors/imu", "imu"), ("/speed", "floating64"),
                                       ("/camera", "image")])
def test_get_then_put_round_trips(capsys, port, tmp_path, fmt, topic, tag):
    path = tmp_path / f"out.{fmt}"
    code, out, err = run(capsys, port, "get", "drive", topic, "-o", str(path))
    assert code == 0 and f"wrote {path}" in out, err
    code, out, err = run(capsys, port, "put", str(path), "copy", topic, "--tag", tag, "--json")
    assert code == 0, err
    assert json.loads(out)["rows"] == stored(port, "drive", topic).num_rows
    assert same_rows(stored(port, "copy", topic), stored(port, "drive", topic))


def test_csv_notes_say_what_changed(capsys, port, tmp_path):
    code, _, err = run(capsys, port, "get", "drive", "/camera", "--format", "csv",
                       "-o", str(tmp_path / "c.txt"))
    assert code == 0 and "base64-encoded binary columns data" in err
    code, _, err = run(capsys, port, "get", "drive", "/sensors/imu", "-o", str(tmp_path / "i.csv"))
    assert "flattened struct columns acceleration" in err and "acceleration.covariance" in err
    header = (tmp_path / "i.csv").read_text().splitlines()[0]
    assert '"acceleration.x"' in header and '"orientation.w"' in header


def test_parquet_from_export_carries_its_tag(capsys, port, tmp_path):
    code, _, _ = run(capsys, port, "get", "drive", "/sensors/imu", "-o", str(tmp_path / "i.pq"))
    assert code == 0
    code, out, err = run(capsys, port, "import", str(tmp_path / "i.pq"), "drive", "/imu_copy")
    assert code == 0 and "as imu" in out, err
    with MosaicoClient.connect("127.0.0.1", port) as client:  # a second session of "drive"
        assert len(client.sequence_handler("drive").sessions) == 2


def test_time_range_and_stdout(capsys, port):
    code, _, err = run(capsys, port, "get", "drive", "/speed", "--format", "csv", "-o", "-",
                       "--start", str(T0 + 1_000_001), "--end", str(T0 + 3_000_003))
    assert code == 0 and "wrote -: 2 rows" in err
    code, out, _ = run(capsys, port, "get", "drive", "/speed", "--format", "csv", "-o", "-",
                       "--start", "2023-11-14T22:13:20.001000002Z", "--end", str(T0 + 3_000_003))
    table = pacsv.read_csv(io.BytesIO(out.encode()))
    assert table.column("timestamp_ns").to_pylist() == [T0 + 2_000_002]


def test_export_a_whole_sequence(capsys, port, tmp_path):
    code, out, _ = run(capsys, port, "export", "drive", "-o", str(tmp_path / "d"), "--json")
    assert code == 0
    files = {f["topic"]: f for f in json.loads(out)["files"]}
    assert set(files) == {"/sensors/imu", "/speed", "/camera"}
    assert (tmp_path / "d" / "sensors" / "imu.parquet").is_file()
    assert pq.read_table(files["/speed"]["path"]).num_rows == files["/speed"]["rows"] == 30
    code, _, _ = run(capsys, port, "export", "drive", "-o", str(tmp_path / "c"), "--format", "csv")
    assert code == 0 and (tmp_path / "c" / "camera.csv").is_file()


def test_put_a_hand_written_csv(capsys, port, tmp_path):
    path = tmp_path / "speed.csv"
    path.write_text("timestamp_ns,data,frame_id\n1,0.5,odom\n2,1.5,\n")
    code, _, err = run(capsys, port, "put", str(path), "new", "/v", "--tag", "floating64",
                       "--metadata-json", '{"unit": "m/s"}', "--sequence-metadata-json", '{"a": 1}')
    assert code == 0, err
    rows = stored(port, "new", "/v").to_pylist()
    assert [(r["timestamp_ns"], r["data"], r["frame_id"]) for r in rows] == [
        (1, 0.5, "odom"), (2, 1.5, None)]
    with MosaicoClient.connect("127.0.0.1", port) as client:
        assert client.sequence_handler("new").user_metadata == {"a": 1}
        assert client.topic_handler("new", "/v").user_metadata == {"unit": "m/s"}


@pytest.mark.parametrize("content,argv,code,message", [
    ("timestamp_ns,speed\n1,2\n", ("--tag", "floating64"), 1, "not in the topic schema"),
    ("timestamp_ns,data\n1,abc\n", ("--tag", "floating64"), 1, "invalid value 'abc'"),
    ("timestamp_ns,data\n1,2\n", (), 2, "--tag is needed"),
    ("timestamp_ns,data\n1,2\n", ("--tag", "no_such_model"), 2, "unknown ontology tag"),
    ("timestamp_ns,data\n1,2\n", ("--tag", "floating64", "--metadata-json", "[1]"), 2, "object"),
])
def test_put_errors(capsys, port, tmp_path, content, argv, code, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    got, out, err = run(capsys, port, "put", str(path), "bad", "/t", *argv)
    assert got == code and message in err and out == ""
    with MosaicoClient.connect("127.0.0.1", port) as client:
        assert "bad" not in client.list_sequences()


def test_put_a_missing_file_or_unknown_format_is_usage(capsys, port, tmp_path):
    assert run(capsys, port, "put", str(tmp_path / "none.csv"), "s", "/t", "--tag", "imu")[0] == 2
    (tmp_path / "x.dat").write_text("")
    code, _, err = run(capsys, port, "put", str(tmp_path / "x.dat"), "s", "/t", "--tag", "imu")
    assert code == 2 and "--format" in err


def test_put_into_an_existing_topic_fails_cleanly(capsys, port, tmp_path):
    path = tmp_path / "s.parquet"
    run(capsys, port, "get", "drive", "/speed", "-o", str(path))
    code, _, err = run(capsys, port, "put", str(path), "drive", "/speed")
    assert code == 1 and "AlreadyExists" in err


def test_no_progress_when_stderr_is_not_a_terminal(capsys, port, tmp_path):
    code, _, err = run(capsys, port, "get", "drive", "/speed", "-o", str(tmp_path / "s.pq"))
    assert code == 0 and "\r" not in err and "%" not in err


def test_builtin_bar_draws_and_finishes():
    stream = io.StringIO()
    with _TextBar("imu", 2048, stream) as bar:
        bar.update(1024)
        bar.update(1024)
    text = stream.getvalue()
    assert text.startswith("\rimu [") and "100%" in text and text.endswith("\n")
    assert type(open_progress("x", 1, disabled=True)).__name__ == "ProgressBar"


def test_conform_rebuilds_null_structs_and_refuses_missing_required_parts():
    schema = message_schema(IMU)
    table = pa.Table.from_pylist([{"timestamp_ns": 1, "acceleration": {"x": 1.0},
                                   "angular_velocity": {"x": 2.0}, "orientation": None}],
                                 schema=schema)
    flat, _ = csv_ready(table)
    assert conform(flat, schema).to_pylist() == table.to_pylist()
    with pytest.raises(ValueError, match="not in the topic schema"):
        conform(pa.table({"acceleration.q": [1.0]}), schema)
