"""A multi-topic ROS 2 bag of about 300 MB, written in the test session, imported and
exported again.

The bag (mcap storage) holds 30 s of a drive: IMU at 200 Hz, NavSatFix at 10 Hz, TF
at 50 Hz and 20 Hz compressed camera frames of random bytes (most of the size). While
writing it the test keeps aside what it wrote (log times, header stamps, sampled
values, a digest of every frame) and checks the stored sequence and the exported MCAP
against that, never against the code's own output.

The import runs in a fresh process against a mock server process, so its peak
resident memory (``ru_maxrss``) measures the importer alone: it must grow by far
less than the file's size.
"""

from __future__ import annotations

import hashlib
import json
import math
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("rosbags")
pytest.importorskip("mcap")

from bench.server import server_process  # noqa: E402
from mosaicolabs import MosaicoClient  # noqa: E402
from mosaicolabs.recordings import export_recording  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
T0 = 1_700_000_000_000_000_000
SECONDS = 30
RATES = {"/imu": 200, "/gps/fix": 10, "/tf": 50, "/camera/image/compressed": 20}
TYPES = {"/imu": "sensor_msgs/msg/Imu", "/gps/fix": "sensor_msgs/msg/NavSatFix",
         "/tf": "tf2_msgs/msg/TFMessage",
         "/camera/image/compressed": "sensor_msgs/msg/CompressedImage"}
FRAME_BYTES = 490_000
STAMP_LAG_NS = 1_500_000  # header stamps are 1.5 ms before the log time
BATCH = 25  # messages per pushed batch: 25 frames are about 12 MB
SAMPLE = 37  # every 37th message of a topic is kept aside with its values

IMPORT = """
import json, resource, sys
from mosaicolabs import MosaicoClient
from mosaicolabs.recordings import import_recording
import mcap, numpy, pyarrow, rosbags.highlevel, rosbags.typesys  # loaded before the baseline
path, port, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with MosaicoClient.connect("127.0.0.1", port) as client:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    summary = import_recording(client, path, "large_drive", batch_size=batch)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"before_kb": before, "after_kb": after, "skipped": summary.skipped,
                  "messages": {t.name: t.messages for t in summary.topics}}))
"""


@dataclass
class Written:
    """What the test wrote, per topic."""

    log_times: dict[str, list[int]] = field(default_factory=dict)
    samples: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)
    frame_digests: list[str] = field(default_factory=list)
    size: int = 0


def _values(topic: str, i: int) -> dict[str, Any]:
    """The values of message ``i`` of ``topic`` (camera frames aside)."""
    if topic == "/imu":
        return {"gx": math.sin(i * 0.01), "az": 9.81 + i * 1e-4,
                "qz": math.sin(i / 4000), "qw": math.cos(i / 4000)}
    if topic == "/gps/fix":
        return {"lat": 45.0 + i * 1e-6, "lon": 9.0 + i * 2e-6, "alt": 100.0 + i * 0.01}
    return {"tx": i * 0.001, "child": f"wheel_{i % 4}"}


def _message(store: Any, topic: str, i: int, stamp: int, frame: bytes | None) -> Any:
    import numpy as np

    t = store.types
    header = t["std_msgs/msg/Header"](frame_id="base_link", stamp=t["builtin_interfaces/msg/Time"](
        sec=stamp // 10**9, nanosec=stamp % 10**9))
    v3, quat, cov = t["geometry_msgs/msg/Vector3"], t["geometry_msgs/msg/Quaternion"], np.zeros(9)
    if frame is not None:
        return t[TYPES[topic]](header=header, format="jpeg", data=np.frombuffer(frame, np.uint8))
    v = _values(topic, i)
    if topic == "/imu":
        return t[TYPES[topic]](
            header=header, orientation=quat(x=0.0, y=0.0, z=v["qz"], w=v["qw"]),
            orientation_covariance=cov, angular_velocity=v3(x=v["gx"], y=0.0, z=0.0),
            angular_velocity_covariance=cov, linear_acceleration=v3(x=0.0, y=0.0, z=v["az"]),
            linear_acceleration_covariance=cov)
    if topic == "/gps/fix":
        return t[TYPES[topic]](
            header=header, status=t["sensor_msgs/msg/NavSatStatus"](status=0, service=1),
            latitude=v["lat"], longitude=v["lon"], altitude=v["alt"],
            position_covariance=cov, position_covariance_type=0)
    transform = t["geometry_msgs/msg/Transform"](translation=v3(x=v["tx"], y=0.0, z=0.2),
                                                 rotation=quat(x=0.0, y=0.0, z=0.0, w=1.0))
    return t[TYPES[topic]](transforms=[t["geometry_msgs/msg/TransformStamped"](
        header=header, child_frame_id=v["child"], transform=transform)])


def write_bag(path: Path) -> Written:
    """Write the bag, messages in log-time order; return what was written."""
    import numpy as np
    from rosbags.rosbag2 import StoragePlugin, Writer
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS2_HUMBLE)
    rng = np.random.default_rng(20240611)
    events = sorted((T0 + i * 10**9 // hz, topic, i) for topic, hz in RATES.items()
                    for i in range(SECONDS * hz))
    written = Written({topic: [] for topic in RATES}, {topic: {} for topic in RATES})
    with Writer(path, version=9, storage_plugin=StoragePlugin.MCAP) as writer:
        conns = {topic: writer.add_connection(topic, TYPES[topic], typestore=store)
                 for topic in RATES}
        for log_time, topic, i in events:
            frame = None
            if topic == "/camera/image/compressed":
                frame = rng.bytes(FRAME_BYTES + i % 1000)
                written.frame_digests.append(hashlib.sha256(frame).hexdigest())
            message = _message(store, topic, i, log_time - STAMP_LAG_NS, frame)
            writer.write(conns[topic], log_time, store.serialize_cdr(message, TYPES[topic]))
            written.log_times[topic].append(log_time)
            if i % SAMPLE == 0 and frame is None:
                written.samples[topic][i] = _values(topic, i)
    written.size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return written


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("large")
    written = write_bag(folder / "drive")
    assert written.size > 290_000_000
    with server_process() as port:
        done = subprocess.run([sys.executable, "-c", IMPORT, str(folder / "drive"), str(port),
                               str(BATCH)], capture_output=True, text=True, timeout=300,
                              cwd=ROOT, check=False)
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout.strip().splitlines()[-1])
        with MosaicoClient.connect("127.0.0.1", port) as client:
            yield client, written, report, folder


def _stamps(topic: str, log_times: list[int]) -> list[int]:
    """The stored (and exported) header stamps: a ``TFMessage`` has no header of its
    own, so the layout keeps no per-transform stamp and its rows take the log time."""
    return log_times if topic == "/tf" else [t - STAMP_LAG_NS for t in log_times]


def _check_sample(topic: str, row: dict[str, Any], want: dict[str, Any]) -> None:
    if topic == "/imu":
        got = {"gx": row["angular_velocity"]["x"], "az": row["acceleration"]["z"],
               "qz": row["orientation"]["z"], "qw": row["orientation"]["w"]}
    elif topic == "/gps/fix":
        position = row["position"]
        got = {"lat": position["x"], "lon": position["y"], "alt": position["z"]}
    else:
        (transform,) = row["transforms"]
        got = {"tx": transform["translation"]["x"], "child": transform["target_frame_id"]}
    assert got == pytest.approx(want), topic


def test_import_keeps_every_message_and_value_in_bounded_memory(imported):
    client, written, report, _ = imported
    assert report["skipped"] == 0
    assert report["messages"] == {t: SECONDS * hz for t, hz in RATES.items()}
    growth = (report["after_kb"] - report["before_kb"]) * 1024
    assert growth < written.size / 2, f"importer grew by {growth / 1e6:.0f} MB"
    seq = client.sequence_handler("large_drive")
    assert seq is not None and sorted(seq.topics) == sorted(RATES)
    for topic in ("/imu", "/gps/fix", "/tf"):
        handler = client.topic_handler("large_drive", topic)
        assert handler is not None
        table = handler.to_arrow()
        logged = written.log_times[topic]
        assert table.column("recording_timestamp_ns").to_pylist() == logged
        assert table.column("timestamp_ns").to_pylist() == _stamps(topic, logged)
        rows = table.to_pylist()
        for i, want in written.samples[topic].items():
            _check_sample(topic, rows[i], want)
    camera = client.topic_handler("large_drive", "/camera/image/compressed")
    assert camera is not None
    with camera.get_data_streamer() as stream:
        digests = [(m.timestamp_ns, m.data.format, hashlib.sha256(m.data.data).hexdigest())
                   for m in stream]
    assert digests == [(t - STAMP_LAG_NS, "jpeg", d) for t, d in
                       zip(written.log_times["/camera/image/compressed"], written.frame_digests,
                           strict=True)]


def test_export_to_mcap_gives_back_what_was_written(imported):
    from mcap.reader import make_reader
    from rosbags.typesys import Stores, get_typestore

    client, written, _, folder = imported
    out = folder / "export.mcap"
    summary = export_recording(client, "large_drive", out)
    assert {t.name: t.messages for t in summary.topics} == {
        t: SECONDS * hz for t, hz in RATES.items()}
    store = get_typestore(Stores.ROS2_HUMBLE)
    seen: dict[str, list[int]] = {topic: [] for topic in RATES}
    stamps: dict[str, list[int]] = {topic: [] for topic in RATES}
    order: list[int] = []
    digests: list[str] = []
    with out.open("rb") as handle:
        for _, channel, message in make_reader(handle).iter_messages(log_time_order=False):
            topic = channel.topic
            i = len(seen[topic])
            seen[topic].append(message.log_time)
            order.append(message.log_time)
            decoded = store.deserialize_cdr(message.data, TYPES[topic])
            header = decoded.transforms[0].header if topic == "/tf" else decoded.header
            stamps[topic].append(header.stamp.sec * 10**9 + header.stamp.nanosec)
            if topic == "/camera/image/compressed":
                assert decoded.format == "jpeg"
                digests.append(hashlib.sha256(decoded.data.tobytes()).hexdigest())
            elif i in written.samples[topic]:
                _check_sample(topic, _as_row(topic, decoded), written.samples[topic][i])
    assert order == sorted(order)  # merged in log-time order
    assert seen == written.log_times
    assert stamps == {t: _stamps(t, times) for t, times in written.log_times.items()}
    assert digests == written.frame_digests


def _as_row(topic: str, m: Any) -> dict[str, Any]:
    """A decoded ROS message in the shape of a stored row, for :func:`_check_sample`."""
    if topic == "/imu":
        return {"angular_velocity": {"x": m.angular_velocity.x},
                "acceleration": {"z": m.linear_acceleration.z},
                "orientation": {"z": m.orientation.z, "w": m.orientation.w}}
    if topic == "/gps/fix":
        return {"position": {"x": m.latitude, "y": m.longitude, "z": m.altitude}}
    (t,) = m.transforms
    return {"transforms": [{"translation": {"x": t.transform.translation.x},
                            "target_frame_id": t.child_frame_id}]}
