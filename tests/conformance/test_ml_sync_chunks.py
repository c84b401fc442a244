"""``SyncTransformer`` on hand-made chunks: the official one and ours, same frames.

The chunks exercise what a recording's windows rarely do: pandas strings with values,
booleans with missing cells, integer columns, samples carried between chunks, and dtypes
that change from one chunk to the next (a float carried into an integer column makes that
chunk's column float, as numpy's concatenation in the official transformer does). The
frames are built by the same code on both sides (``CHUNKS`` below, run in each venv).

Not compared (deliberate differences, see ``mosaicolabs.ml.SyncTransformer``): list values
carried between chunks (the official one fails on them), and a string carried into a
numeric column (numpy turns the official's numbers into strings; ours keeps both).
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from mosaicolabs.ml import SyncTransformer

CHUNKS = """
import numpy as np, pandas as pd
def chunk(ts, **columns):
    return pd.DataFrame({"timestamp_ns": np.array(ts, dtype=np.int64), **columns})
CHUNKS = [
    chunk([0, 10, 10, 30], s=pd.array(["a", None, "b", None], dtype="str"),
          f=[1.0, np.nan, 2.0, 3.0], i=np.array([1, 2, 3, 4]),
          b=np.array([True, None, False, True], dtype=object)),
    chunk([40, 55, 70], s=pd.array([None, "c", None], dtype="str"), f=[np.nan, np.nan, 4.0],
          i=np.array([5, 6, 7]), b=np.array([None, None, False], dtype=object)),
    chunk([80, 95], s=pd.array(["d", None], dtype="str"), f=[7.0, np.nan],
          i=[7.5, np.nan], b=np.array([None, True], dtype=object)),
    chunk([100, 120], s=pd.array([None, None], dtype="str"), f=[5.0, 6.0],
          i=np.array([8, 9]), b=np.array([None, None], dtype=object)),
    chunk([125, 150], s=pd.array(["e", "f"], dtype="str"), f=np.array([1, 2]),
          i=np.array([10, 11]), b=np.array([False, None], dtype=object)),
]
"""

POLICIES = {"hold": "SyncHold()", "asof": "SyncAsOf(12)", "drop": "SyncDrop(10)"}

SCRIPT = CHUNKS + """
import pickle, sys
from mosaicolabs.ml import SyncTransformer, SyncHold, SyncAsOf, SyncDrop
result = {}
for name, policy in %(policies)s.items():
    sync = SyncTransformer(1e8, policy=eval(policy))
    result[name] = [sync.transform(frame) for frame in CHUNKS]
pickle.dump(result, open(sys.argv[1], "wb"))
print("{}")
""".replace("%(policies)s", repr(POLICIES))


def cells(frame: Any) -> dict[str, Any]:
    """Column -> (dtype, each value's repr): exact, ``None`` and ``NaN`` told apart."""
    return {str(name): (str(frame[name].dtype), [repr(v) for v in frame[name]])
            for name in frame.columns}


@pytest.fixture(scope="module")
def official_frames(official: Any, tmp_path_factory: Any) -> dict[str, list[Any]]:
    out = Path(tmp_path_factory.mktemp("sync")) / "official.pkl"
    official.run(SCRIPT, out)
    with open(out, "rb") as handle:
        frames: dict[str, list[Any]] = pickle.load(handle)
    return frames


@pytest.mark.parametrize("name", list(POLICIES))
def test_chunks_resample_as_the_official_does(official_frames: dict[str, list[Any]],
                                              name: str) -> None:
    from mosaicolabs.ml import SyncAsOf, SyncDrop, SyncHold

    scope: dict[str, Any] = {}
    exec(CHUNKS, scope)
    policy = eval(POLICIES[name], {"SyncHold": SyncHold, "SyncAsOf": SyncAsOf,
                                   "SyncDrop": SyncDrop})
    sync = SyncTransformer(1e8, policy=policy)
    ours = [sync.transform(frame) for frame in scope["CHUNKS"]]
    theirs = official_frames[name]
    assert len(ours) == len(theirs)
    for k, (mine, official) in enumerate(zip(ours, theirs, strict=True)):
        assert list(mine.columns) == list(official.columns), k
        assert cells(mine) == cells(official), f"chunk {k}"
