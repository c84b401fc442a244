"""Query comparisons stay exact on float16 and on unsigned integers above 2**63."""

from __future__ import annotations

import pyarrow as pa
import pytest

from mosaicolabs.adapters.memory.query_columns import _condition_mask
from mosaicolabs.adapters.memory.query_ops import Condition

U64 = pa.chunked_array([pa.array([1, 2**63 + 5, None], pa.uint64())])
F16 = pa.chunked_array([pa.array([0.5, 1.5, None], pa.float16())])


@pytest.mark.parametrize(
    ("column", "op", "value", "expected"),
    [
        (U64, "$gt", 1, [False, True, False]),
        (U64, "$lt", 3, [True, False, False]),
        (U64, "$eq", 2**63 + 5, [False, True, False]),
        (U64, "$gt", -1, [True, True, False]),
        (U64, "$leq", -1, [False, False, False]),
        (U64, "$lt", 2**70, [True, True, False]),
        (U64, "$between", [2, 2**64 - 1], [False, True, False]),
        (U64, "$in", [1, 2**63 + 5], [True, True, False]),
        (F16, "$eq", 0.5, [True, False, False]),
        (F16, "$gt", 1, [False, True, False]),
    ],
)
def test_exact_comparisons(column, op, value, expected):
    assert _condition_mask(column, Condition("t.x", op, value)).to_pylist() == expected
