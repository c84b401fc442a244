"""Downloaded batches are fully validated before they are handed out: order kept, a bad
batch refused where it arrives, the good ones before it (and before a failed read) kept."""

from __future__ import annotations

from typing import Iterator

import pyarrow as pa
import pytest

from mosaicolabs.adapters.flight.batch_checks import checked_batches
from mosaicolabs.adapters.flight.streams import FlightTopicReader
from mosaicolabs.domain.errors import ProtocolError, UnavailableError

ROWS_LARGE = 150_000  # a batch of over 1 MB


def _batch(first: int, rows: int) -> pa.RecordBatch:
    return pa.RecordBatch.from_pydict({"timestamp_ns": list(range(first, first + rows))},
                                      schema=pa.schema([("timestamp_ns", pa.int64())]))


def _bad_large() -> pa.RecordBatch:
    """A large batch with one string that is not UTF-8 (only a full check sees it)."""
    rows = 300_000
    offsets = pa.array(range(rows + 1), pa.int32()).buffers()[1]
    data = b"a" * (rows - 1) + b"\xff"
    text = pa.Array.from_buffers(pa.string(), rows, [None, offsets, pa.py_buffer(data)])
    return pa.RecordBatch.from_arrays([pa.array(range(rows), pa.int64()), text],
                                      names=["timestamp_ns", "value"])


def _firsts(batches: list[pa.RecordBatch]) -> list[int]:
    return [b.column(0)[0].as_py() for b in batches]


def test_order_and_content_kept_across_large_and_small_batches():
    sent = [_batch(0, ROWS_LARGE), _batch(10, 3), _batch(20, ROWS_LARGE),
            _batch(30, ROWS_LARGE), _batch(40, 1)]
    got = list(checked_batches(iter(sent), "s/t"))
    assert _firsts(got) == [0, 10, 20, 30, 40]
    assert [b.num_rows for b in got] == [ROWS_LARGE, 3, ROWS_LARGE, ROWS_LARGE, 1]


def test_a_large_invalid_batch_is_refused():
    bad = _bad_large()
    checked = checked_batches(iter([_batch(0, ROWS_LARGE), bad, _batch(5, 2)]), "s/t")
    assert _firsts([next(checked)]) == [0]  # the good one before it is handed out
    with pytest.raises(ProtocolError, match="'s/t'.*invalid Arrow data"):
        next(checked)


def test_the_good_batch_before_a_failed_read_is_not_lost():
    def arriving() -> Iterator[pa.RecordBatch]:
        yield _batch(0, ROWS_LARGE)
        raise UnavailableError("the stream broke")

    checked = checked_batches(arriving(), "s/t")
    assert next(checked).num_rows == ROWS_LARGE
    with pytest.raises(UnavailableError):
        next(checked)


def test_a_small_invalid_batch_after_a_large_one_comes_after_it():
    small_bad = pa.RecordBatch.from_arrays(
        [pa.array([1], pa.int64()),
         pa.Array.from_buffers(pa.string(), 1, [None, pa.array([0, 2], pa.int32()).buffers()[1],
                                                pa.py_buffer(b"\xc3(")])],
        names=["timestamp_ns", "value"])
    checked = checked_batches(iter([_batch(0, ROWS_LARGE), small_bad]), "s/t")
    assert next(checked).num_rows == ROWS_LARGE
    with pytest.raises(ProtocolError):
        next(checked)


class _Reader:
    """A stand-in Flight stream reader handing over given batches."""

    def __init__(self, batches: list[pa.RecordBatch]) -> None:
        self.schema = batches[0].schema
        self._chunks = [type("Chunk", (), {"data": b})() for b in reversed(batches)]

    def read_chunk(self):
        if not self._chunks:
            raise StopIteration
        return self._chunks.pop()

    def cancel(self) -> None:
        pass


def test_the_topic_reader_refuses_a_large_malformed_download():
    reader = FlightTopicReader(_Reader([_bad_large()]), "s/t")  # type: ignore[arg-type]
    with pytest.raises(ProtocolError, match="invalid Arrow data"):
        list(reader)
