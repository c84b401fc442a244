"""The compat path's frames, checked against plain pandas.

* ``sparse_frame`` (the extractor's window frame, built from numpy blocks) against what
  the official extractor does with pandas: every topic's ``to_pandas()``, one ``concat``
  and a stable sort on time. Same values, dtypes, index and missing markers, for every
  kind of column, empty topics, a single topic, duplicate times.
* the frame-from-blocks helper without pandas 3's block constructor (the pandas 2 path).
* ``SyncTransformer``'s vectorised path against its per-column path (a policy that is not
  a built-in one), on frames with strings, booleans, integers, lists and dtypes that change
  between chunks.
"""

from __future__ import annotations

import sys
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from mosaicolabs.application.ml.blocks import frame_from_blocks
from mosaicolabs.application.ml.sparse import sparse_frame
from mosaicolabs.ml import SyncAsOf, SyncDrop, SyncHold, SyncTransformer
from tests.sync_paths import assert_paths_agree

TS = "timestamp_ns"


def concat_oracle(tables: list[pa.Table]) -> pd.DataFrame:
    """What pandas makes of the topics: concatenated frames, stably sorted by time."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # pandas 2 on empty parts
        joined = pd.concat([t.to_pandas() for t in tables], ignore_index=True)
    return joined.sort_values(TS, kind="stable")


def assert_same_frame(expected: pd.DataFrame, got: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(expected, got, check_exact=True, check_index_type=False)
    assert list(got.index) == list(expected.index)
    for name in expected.columns:
        if expected[name].dtype == object:  # NaN (another topic) vs None (a null)
            assert [type(v) for v in got[name]] == [type(v) for v in expected[name]], name


A = pa.table({
    TS: pa.array([30, 10, 20, 20], pa.int64()),
    "/a.t.int": pa.array([1, 2, 3, 4], pa.int32()),
    "/a.t.uint_null": pa.array([1, None, 3, 4], pa.uint8()),
    "/a.t.f32": pa.array([1.5, None, 2.5, 0.0], pa.float32()),
    "/a.t.f64": pa.array([0.1, 0.2, None, 0.4]),
    "/a.t.bool": pa.array([True, False, True, False]),
    "/a.t.bool_null": pa.array([True, None, False, True]),
    "/a.t.str": pa.array(["x", None, "y", "z"]),
    "/a.t.time": pa.array([1, 2, None, 4], pa.timestamp("ns")),
    "/a.t.bytes": pa.array([b"a", None, b"", b"\x00"]),
    "/a.t.list": pa.array([[1.0], None, [], [2.0, 3.0]], pa.list_(pa.float64())),
    "/a.t.dict": pa.array(["p", "q", "p", None]).dictionary_encode(),
})
B = pa.table({
    TS: pa.array([20, 5, 40], pa.int64()),
    "/b.u.int": pa.array([7, 8, 9], pa.int64()),
    "/b.u.str": pa.array(["m", "n", "o"]),
    "/b.u.fixed": pa.array([[1, 2], [3, 4], None], pa.list_(pa.int16(), 2)),
    "/b.u.bin": pa.array([b"ab", b"cd", b"ef"], pa.binary(2)),
})
C = pa.table({TS: pa.array([20], pa.int64()), "/c.v.data": pa.array([1.25])})

CASES = {
    "one topic": [A],
    "two topics": [A, B],
    "two, other order": [B, A],
    "three, duplicate times across topics": [A, B, C],
    "an empty topic first": [A.slice(0, 0), B],
    "an empty topic last": [B, A.slice(0, 0)],
    "only an empty topic": [A.slice(0, 0)],
    "two empty topics": [A.slice(0, 0), B.slice(0, 0)],
    "chunked columns": [pa.concat_tables([A.slice(0, 2), A.slice(2)]), B],
}


@pytest.mark.parametrize("name", list(CASES))
def test_sparse_frame_is_what_pandas_concat_makes(name: str) -> None:
    tables = CASES[name]
    assert_same_frame(concat_oracle(tables), sparse_frame(tables))


def test_sparse_frame_keeps_equal_times_in_topic_then_stored_order() -> None:
    frame = sparse_frame([A, B, C])
    at_20 = frame[frame[TS] == 20]
    # /a's two rows at 20 (stored 3rd and 4th), then /b's, then /c's
    assert list(at_20.index) == [2, 3, 4, 7]
    assert at_20["/a.t.int"].tolist()[:2] == [3.0, 4.0]


def test_numeric_columns_convert_the_same_without_arrow_tensors() -> None:
    from mosaicolabs.application.ml.sparse import _matrix, _stacked

    table = A.select(["/a.t.int", "/a.t.uint_null", "/a.t.f64"])
    batch = table.combine_chunks().to_batches()[0]
    expected = np.array([[1, 2, 3, 4], [1, np.nan, 3, 4], [0.1, 0.2, np.nan, 0.4]])
    np.testing.assert_array_equal(_matrix(table, table.column_names, np.dtype(np.float64)),
                                  expected)
    np.testing.assert_array_equal(_stacked(batch, np.dtype(np.float64)), expected)
    f32 = A.select(["/a.t.f32"])
    assert _matrix(f32, ["/a.t.f32"], np.dtype(np.float32)).dtype == np.float32


def test_frame_from_blocks_without_the_pandas3_constructor(monkeypatch: Any) -> None:
    expected = sparse_frame([A, B])
    monkeypatch.setitem(sys.modules, "pandas.api.internals", None)  # import fails
    with pytest.raises(ImportError):
        from pandas.api.internals import create_dataframe_from_blocks  # noqa: F401
    assert_same_frame(expected, sparse_frame([A, B]))
    blocks = [(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([2, 0])),
              (pd.array(["a", None], dtype="string"), np.array([1]))]
    frame = frame_from_blocks(blocks, ["p", "q", "r"], [5, 6])
    assert frame["p"].tolist() == [3.0, 4.0] and frame["r"].tolist() == [1.0, 2.0]
    assert frame["q"].dtype == "string" and frame["q"].isna().tolist() == [False, True]
    assert list(frame.index) == [5, 6]


def text(values: list[str | None]) -> Any:
    """A string column as pandas makes it by default: ``str`` (pandas 3), or objects with
    ``None`` (pandas 2, where ``dtype="str"`` would turn ``None`` into ``"None"``)."""
    if int(pd.__version__.split(".")[0]) >= 3:
        return pd.array(values, dtype="str")
    return np.array(values, dtype=object)


def chunk(ts: list[int], **columns: Any) -> pd.DataFrame:
    return pd.DataFrame({TS: np.array(ts, dtype=np.int64), **columns})


CHUNKS = [
    chunk([0, 10, 10, 30], s=text(["a", None, "b", None]),
          f=[1.0, np.nan, 2.0, 3.0], i=np.array([1, 2, 3, 4]),
          b=np.array([True, None, False, True], dtype=object),
          lst=np.array([np.array([1.0]), None, np.array([2.0, 3.0]), None], dtype=object)),
    # the same layout: samples carry over
    chunk([40, 55, 70], s=text([None, "c", None]), f=[np.nan, np.nan, 4.0],
          i=np.array([5, 6, 7]), b=np.array([None, None, False], dtype=object),
          lst=np.array([None, np.array([4.0]), None], dtype=object)),
    # dtypes change: floats where ints were (a carried 7 fits), strings where floats were
    chunk([80, 95], s=text(["d", None]), f=np.array(["u", None], dtype=object),
          i=[7.5, np.nan], b=np.array([None, True], dtype=object),
          lst=np.array([None, None], dtype=object)),
    # and back: a carried 7.5 does not fit an int column (the per-column path takes it)
    chunk([100, 120], s=text([None, None]), f=[5.0, 6.0],
          i=np.array([8, 9]), b=np.array([None, None], dtype=object),
          lst=np.array([None, None], dtype=object)),
    # integers only: the timestamp shares the group's dtype
    chunk([130, 150], i=np.array([10, 11]), f=np.array([1, 2])),
]


@pytest.mark.parametrize("policy", [SyncHold(), SyncAsOf(12), SyncDrop(10)],
                         ids=["hold", "asof", "drop"])
def test_vectorised_path_is_the_per_column_one(policy: Any) -> None:
    assert_paths_agree(CHUNKS, policy)


def test_vectorised_path_reads_strings_as_pandas_strings() -> None:
    out = SyncTransformer(1e8).transform(CHUNKS[0])
    inferred = pd.DataFrame(np.array([["a"], [None]], dtype=object))[0].dtype  # str on pandas 3
    assert out["s"].dtype == inferred and out["s"].tolist() == ["a", "b", "b", "b"]
    assert out["f"].dtype == object and out["f"].tolist() == [1.0, 2.0, 2.0, 3.0]
    assert out["b"].tolist() == [True, False, False, True]


def test_a_float_carried_into_an_int_column_is_not_truncated() -> None:
    """Numpy's promotion, as the official transformer's concatenation: the carried 2.5 makes
    the int chunk float (checked against the official in tests/conformance)."""
    sync = SyncTransformer(1e8)
    sync.transform(chunk([0, 10], x=[1.0, 2.5]))
    out = sync.transform(chunk([25, 30], x=np.array([3, 4])))  # tick 20 takes the 2.5
    assert [repr(v) for v in out["x"]] == ["2.5", "4.0"]
    sync = SyncTransformer(1e8)
    sync.transform(chunk([0, 10], x=[1.0, 2.5]))
    out = sync.transform(chunk([20, 30], x=np.array([3, 4])))
    assert [repr(v) for v in out["x"]] == ["3.0", "4.0"]
    sync = SyncTransformer(1e8)
    sync.transform(chunk([0, 10], x=np.array([1, 2])))
    out = sync.transform(chunk([25, 30], x=[3.5, 4.5]))  # an int carried into floats: fits
    assert [repr(v) for v in out["x"]] == ["2.0", "4.5"]
