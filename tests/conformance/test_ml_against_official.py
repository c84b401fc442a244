"""``mosaicolabs.ml``: the official DataFrameExtractor + SyncTransformer vs ours, same data.

One 10 s sequence (bench/ml_data.py: IMU 200 Hz, GPS 10 Hz with a fix exactly at the end,
a late/early Floating64 with a duplicate timestamp) on one mock server; the official
package runs in its venv and pickles its frames (same pandas and numpy in both venvs).

Fixed bug (upstream #824): the official extractor loses the last message when it lies on
a window bound or when ``timestamp_ns_end`` is past it; ours returns it (asserted apart).
Row order among equal timestamps is not stable in the official frames, so frames are
compared by index (each row's position in the window's topic concatenation, the same in
both).
"""

from __future__ import annotations

import math
import pickle
from typing import Any

import numpy as np
import pytest

from bench.ml_data import T0, write_sequence
from mosaicolabs import MosaicoClient
from mosaicolabs.ml import DataFrameExtractor, SyncAsOf, SyncDrop, SyncHold, SyncTransformer
from mosaicolabs.mock_server import running_server

SECOND = 1_000_000_000
POLICIES = {"hold": "SyncHold()", "asof": "SyncAsOf(30_000_000)", "drop": "SyncDrop(20_000_000)"}

SCRIPT = """
import pickle, sys
from mosaicolabs import MosaicoClient
from mosaicolabs.ml import DataFrameExtractor, SyncTransformer, SyncHold, SyncAsOf, SyncDrop
port, out = int(sys.argv[1]), sys.argv[2]
result = {}
with MosaicoClient.connect("127.0.0.1", port) as client:
    h = client.sequence_handler("ml")
    frames = list(DataFrameExtractor(h).to_pandas_chunks(window_sec=5.0))
    result["frames"] = frames
    result["past_end"] = list(DataFrameExtractor(h).to_pandas_chunks(
        topics=["/gps", "/speed"], window_sec=3.0, timestamp_ns_end=h.timestamp_ns_max + 10**6))
    for name, policy in %(policies)s.items():
        sync = SyncTransformer(50, policy=eval(policy))
        dense = []
        for frame in frames:
            try:
                dense.append(sync.fit_transform(frame.drop(columns=[c for c in frame.columns
                                                                    if "covariance" in c])))
            except Exception as exc:
                dense.append(repr(exc))
        result[name] = dense
pickle.dump(result, open(out, "wb"))
print("{}")
""".replace("%(policies)s", repr(POLICIES))


def same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.tolist() == b.tolist()
    missing_a = a is None or (isinstance(a, float) and math.isnan(a))
    missing_b = b is None or (isinstance(b, float) and math.isnan(b))
    if missing_a or missing_b:
        return (a is None and b is None) or (missing_a and missing_b and a is not None
                                             and b is not None)
    return bool(a == b)


def assert_same_frame(ours: Any, official: Any, *, by_index: bool = True) -> None:
    if by_index:
        ours, official = ours.sort_index(kind="stable"), official.sort_index(kind="stable")
    assert list(ours.columns) == list(official.columns)
    assert list(ours.index) == list(official.index)
    for name in official.columns:
        assert str(ours[name].dtype) == str(official[name].dtype), name
        left, right = ours[name].tolist(), official[name].tolist()
        bad = [i for i, (x, y) in enumerate(zip(left, right, strict=True)) if not same(x, y)]
        assert not bad, f"{name}: rows {bad[:5]}: {left[bad[0]]!r} != {right[bad[0]]!r}"


@pytest.fixture(scope="module")
def both(official, tmp_path_factory) -> tuple[dict[str, Any], dict[str, Any]]:
    out = tmp_path_factory.mktemp("ml") / "official.pkl"
    with running_server() as server:
        with MosaicoClient.connect("127.0.0.1", server.port) as client:
            write_sequence(client, "ml", 10)
            official.run(SCRIPT, server.port, out)
            h = client.sequence_handler("ml")
            assert h is not None
            frames = list(DataFrameExtractor(h).to_pandas_chunks(window_sec=5.0))
            ours: dict[str, Any] = {"frames": frames, "past_end": list(
                DataFrameExtractor(h).to_pandas_chunks(
                    topics=["/gps", "/speed"], window_sec=3.0,
                    timestamp_ns_end=(h.timestamp_ns_max or 0) + 10**6))}
            for name, policy in POLICIES.items():
                sync = SyncTransformer(50, policy=eval(policy))
                ours[name] = [sync.fit_transform(f.drop(columns=[
                    c for c in f.columns if "covariance" in c])) for f in frames]
    with open(out, "rb") as handle:
        return ours, pickle.load(handle)


def test_extractor_frames_match_but_the_last_message(both):
    ours, official = both
    assert len(official["frames"]) == 2 and len(ours["frames"]) == 3
    for mine, theirs in zip(ours["frames"], official["frames"], strict=False):
        assert_same_frame(mine, theirs)


def test_the_last_message_is_kept(both):
    ours, official = both
    last = ours["frames"][-1]
    assert last["timestamp_ns"].tolist() == [T0 + 10 * SECOND]
    assert last["/gps.gps.position.x"].notna().all()
    assert max(f["timestamp_ns"].max() for f in official["frames"]) < T0 + 10 * SECOND


def test_end_past_the_last_message(both):
    ours, official = both
    assert len(ours["past_end"]) == len(official["past_end"]) == 4
    for mine, theirs in zip(ours["past_end"][:-1], official["past_end"][:-1], strict=True):
        assert_same_frame(mine, theirs)
    mine, theirs = ours["past_end"][-1], official["past_end"][-1]
    assert len(mine) == len(theirs) + 1  # the official one loses the fix at the end
    assert_same_frame(mine[mine["timestamp_ns"] < T0 + 10 * SECOND], theirs)


@pytest.mark.parametrize("policy", list(POLICIES))
def test_sync_transformer_matches(both, policy):
    ours, official = both
    assert all(not isinstance(d, str) for d in official[policy]), official[policy]
    assert len(ours[policy]) == 3
    for mine, theirs in zip(ours[policy], official[policy], strict=False):
        assert_same_frame(mine, theirs, by_index=False)
    extra = ours[policy][-1]  # the grid tick at the last message, lost by the official one
    assert extra["timestamp_ns"].tolist() == [T0 + 10 * SECOND]
    assert extra["/gps.gps.position.x"].notna().all()


def test_policies_are_the_official_classes_behaviour():
    grid = np.array([0, 10, 20, 30, 40])
    s_ts, s_val = np.array([5, 10, 10, 31]), np.array([1.0, 2.0, 3.0, 4.0])
    assert SyncHold().apply(grid, s_ts, s_val).tolist() == [None, 3.0, 3.0, 3.0, 4.0]
    assert SyncAsOf(5).apply(grid, s_ts, s_val).tolist() == [None, 3.0, None, None, None]
    assert SyncDrop(10).apply(grid, s_ts, s_val).tolist() == [None, 3.0, None, None, 4.0]
