"""Uploads track time order batch by batch: every disorder, even across batches, is sorted."""

from __future__ import annotations

import pytest

from tests.unit.test_engine_uploads import LOC, SCHEMA, batch, clock, engine, stored  # noqa: F401

CASES = [
    ([[1, 2, 3], [4, 5]], [1, 2, 3, 4, 5]),
    ([[5, 6], [3, 4]], [3, 4, 5, 6]),  # each batch sorted, the boundary is not
    ([[1, 2], [2, 2], [2, 3]], [1, 2, 2, 2, 2, 3]),  # equal stamps across batches are in order
    ([[1, 2], [], [0]], [0, 1, 2]),  # an empty batch between does not hide the disorder
    ([[3], [1, 2], [4]], [1, 2, 3, 4]),
    ([[1, 3, 2], [4]], [1, 2, 3, 4]),  # disorder within a batch
    ([[1], [2, 1]], [1, 1, 2]),
    ([[], [7]], [7]),
    ([[9, 8]], [8, 9]),
]


@pytest.mark.parametrize(("chunks", "expected"), CASES)
def test_rows_are_stored_in_time_order(engine, chunks, expected):  # noqa: F811
    up = engine.begin_upload(LOC, engine.topic_uuid, SCHEMA)
    for chunk in chunks:
        up.append(batch(chunk))
    up.commit()
    assert stored(engine) == expected
