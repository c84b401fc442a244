"""Our Arrow-first ML reads (``mosaicolabs.ml.windows / topic_windows / aligned``), by hand.

Sequence (ns, offset by ``T``): ``/a`` Floating64 at 0, 10, 20, 20 (duplicate), 30 with
values 0..4; ``/b`` starting late and ending early (15 -> 10.0, 25 -> 11.0); ``/c`` at 35
only (the sequence's last message); ``/imu`` (nested, a list) at 5; ``/cam`` (bytes) at 12.
"""

from __future__ import annotations

from typing import Any, Iterator

import numpy as np
import pyarrow as pa
import pytest

from mosaicolabs import IMU, CompressedImage, Floating64, Message, Vector3d
from mosaicolabs.ml import DataFrameExtractor, aligned, topic_windows, windows
from mosaicolabs.testing import memory_client
from tests.sync_paths import assert_paths_agree

T = 1_000_000_000_000


def push(writer: Any, topic: str, rows: list[tuple[int, float]]) -> None:
    tw = writer.topic_create(topic, {}, Floating64)
    for t, v in rows:
        tw.push(Message(timestamp_ns=T + t, data=Floating64(data=v)))


@pytest.fixture(scope="module")
def seq() -> Iterator[Any]:
    with memory_client() as client:
        with client.sequence_create("s", {}) as writer:
            push(writer, "/a", [(0, 0.0), (10, 1.0), (20, 2.0), (20, 3.0), (30, 4.0)])
            push(writer, "/b", [(15, 10.0), (25, 11.0)])
            push(writer, "/c", [(35, 7.0)])
            im = writer.topic_create("/imu", {}, IMU)
            im.push(Message(timestamp_ns=T + 5, data=IMU(
                acceleration=Vector3d(x=1.0, y=2.0, z=3.0, covariance=[1.0, 2.0]),
                angular_velocity=Vector3d(x=0.0, y=0.0, z=0.0))))
            cam = writer.topic_create("/cam", {}, CompressedImage)
            cam.push(Message(timestamp_ns=T + 12, data=CompressedImage(data=b"\x00\xffjpg",
                                                                       format="jpeg")))
        handler = client.sequence_handler("s")
        assert handler is not None
        yield handler


def col(table: Any, name: str) -> list[Any]:
    return table.column(name).to_pylist()


def rel(values: list[int]) -> list[int]:
    return [v - T for v in values]


def test_window_bounds_and_the_last_message(seq):
    got = list(windows(seq, ["/a", "/b", "/c"], 20))
    assert [rel(col(t, "timestamp_ns")) for t in got] == [[0, 10, 15], [20, 20, 25, 30, 35]]
    assert col(got[1], "/a.floating64.data") == [2.0, 3.0, None, 4.0, None]  # stored order
    assert col(got[1], "/c.floating64.data") == [None] * 4 + [7.0]
    # the last message on a window bound is alone in a last, short window [35, 36)
    got = list(topic_windows(seq, ["/a", "/c"], 35))
    assert [(w.start_ns - T, w.end_ns - T) for w in got] == [(0, 35), (35, 36)]
    assert list(got[1].tables) == ["/c"]  # /a has no message left: absent
    assert rel(col(got[1].tables["/c"], "timestamp_ns")) == [35]


def test_explicit_range_is_half_open(seq):
    got = list(windows(seq, ["/a"], 100, start_ns=T + 10, end_ns=T + 30))
    assert [rel(col(t, "timestamp_ns")) for t in got] == [[10, 20, 20]]


def test_gaps_and_late_topics_in_topic_windows(seq):
    got = list(topic_windows(seq, ["/a", "/b"], 5))
    first, gap = got[0], got[5]  # [0, 5) and [25, 30)
    assert first.tables["/b"].num_rows == 0  # late: columns known, no rows yet
    assert gap.tables["/a"].num_rows == 0 and gap.tables["/b"].num_rows == 1
    assert "/b" not in got[6].tables  # [30, 35): /b ended early


def test_nested_lists_images_and_separator(seq):
    table = list(windows(seq, ["/imu", "/cam"], 100, separator="/"))[0]
    assert col(table, "/imu/imu/acceleration/x") == [1.0, None]
    assert col(table, "/imu/imu/acceleration/covariance") == [[1.0, 2.0], None]
    assert col(table, "/cam/compressed_image/data") == [None, b"\x00\xffjpg"]
    assert table.schema.field("/cam/compressed_image/data").type == pa.binary()


GRID = [T + t for t in (0, 5, 15, 20, 34, 35)]


@pytest.mark.parametrize("window_ns", [7, 1000])  # carried across windows or not
@pytest.mark.parametrize("policy, tol, a, b", [
    ("hold", None, [0, 0, 1, 3, 4, 4], [None, None, 10, 10, 11, 11]),
    ("asof", 4, [0, None, None, 3, 4, None], [None, None, 10, None, None, None]),
    ("drop", 5, [0, None, None, 3, 4, None], [None, None, 10, None, None, None]),
])
def test_aligned_policies(seq, window_ns, policy, tol, a, b):
    batches = list(aligned(seq, ["/a", "/b"], grid=GRID, policy=policy, tolerance_ns=tol,
                           window_ns=window_ns))
    table = pa.Table.from_batches(batches)
    assert col(table, "timestamp_ns") == GRID
    assert col(table, "/a.floating64.data") == a
    assert col(table, "/b.floating64.data") == b


def test_aligned_interpolates_and_gives_numpy(seq):
    got = list(aligned(seq, ["/a", "/b"], grid=GRID, interpolate=True, window_ns=7,
                       output="numpy"))
    a = np.concatenate([g["/a.floating64.data"] for g in got])
    b = np.concatenate([g["/b.floating64.data"] for g in got])
    np.testing.assert_allclose(a, [0, 0.5, 1.5, 3, 4, 4])
    np.testing.assert_allclose(b, [np.nan, np.nan, 10, 10.5, 11, 11])


def test_aligned_hz_grid_includes_the_last_message(seq):
    table = pa.Table.from_batches(list(aligned(seq, ["/a", "/c"], hz=2e8, window_ns=10)))
    assert rel(col(table, "timestamp_ns")) == list(range(0, 36, 5))
    assert col(table, "/c.floating64.data")[-1] == 7.0


def test_aligned_rejects_bad_arguments(seq):
    with pytest.raises(ValueError):
        next(aligned(seq, ["/a"], hz=10, grid=GRID))
    with pytest.raises(ValueError):
        next(aligned(seq, ["/a"], hz=10, policy="asof"))
    with pytest.raises(ValueError):
        next(windows(seq, ["/nope"], 10))


def test_extractor_keeps_duplicates_in_stored_order(seq):
    frames = list(DataFrameExtractor(seq).to_pandas_chunks(topics=["/a"], window_sec=1.0))
    assert len(frames) == 1
    assert frames[0]["/a.floating64.data"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]


@pytest.fixture(scope="module")
def long_seq() -> Iterator[Any]:
    """``/x``: 2000 Floating64 rows, one every 10 ns (one stored batch)."""
    with memory_client() as client:
        with client.sequence_create("long", {}) as writer:
            stamps = T + np.arange(2000, dtype=np.int64) * 10
            writer.topic_create("/x", {}, Floating64).push_batch(
                {"timestamp_ns": stamps, "data": np.arange(2000, dtype=np.float64)})
        handler = client.sequence_handler("long")
        assert handler is not None
        yield handler


def test_a_window_read_holds_the_window_not_the_topic(long_seq, monkeypatch):
    from mosaicolabs import TopicDataStreamer

    pulled: list[int] = []
    raw = TopicDataStreamer.iter_batches

    def in_pieces(self: Any) -> Iterator[pa.RecordBatch]:  # batches of 50 rows, counted
        for batch in raw(self):
            for offset in range(0, batch.num_rows, 50):
                piece = batch.slice(offset, 50)
                pulled.append(piece.num_rows)
                yield piece

    monkeypatch.setattr(TopicDataStreamer, "iter_batches", in_pieces)
    held = []
    for window in topic_windows(long_seq, None, 100):  # 10 rows per window
        held.append(sum(pulled))
        assert window.tables["/x"].num_rows == 10
    assert len(held) == 200 and held[0] <= 50 and held[-1] == 2000
    assert all(h - 10 * (k + 1) <= 50 for k, h in enumerate(held))  # read lazily
    frames = DataFrameExtractor(long_seq).to_pandas_chunks(window_sec=100e-9)
    assert [len(f) for f in frames] == [10] * 200


def test_flattening_makes_no_reference_cycle(seq):
    import gc

    from mosaicolabs.application.ml.windows import flatten_columns

    table = seq.get_topic_handler("/imu").get_data_streamer().to_arrow()
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()  # a cycle would hold the batch's columns until the collector runs
    try:
        flat = flatten_columns(table, "p.")
        assert "p.acceleration.covariance" in flat.column_names
        del flat
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


@pytest.mark.parametrize("name", ["SyncHold()", "SyncAsOf(12)", "SyncDrop(10)"])
def test_sync_transformer_vectorised_path_is_the_per_column_one(seq, name):
    from mosaicolabs.ml import SyncAsOf, SyncDrop, SyncHold

    builtin = eval(name, {"SyncHold": SyncHold, "SyncAsOf": SyncAsOf, "SyncDrop": SyncDrop})
    assert_paths_agree(DataFrameExtractor(seq).to_pandas_chunks(window_sec=15e-9), builtin)


def test_sync_transformer_layout_cache_follows_dtypes():
    import pandas as pd

    from mosaicolabs.ml import SyncHold

    frames = [pd.DataFrame({"timestamp_ns": [0, 10], "x": [1.0, None], "y": [1, 2]}),
              pd.DataFrame({"timestamp_ns": [20, 30], "x": ["a", None], "y": [3.5, None]}),
              pd.DataFrame({"timestamp_ns": [40, 50], "x": ["b", "c"], "y": [5, 6]})]
    assert_paths_agree(frames, SyncHold())
