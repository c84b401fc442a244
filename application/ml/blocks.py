"""A pandas frame made from its blocks: 2-D numpy arrays (one row per column) or 1-D
extension arrays, each with the positions of its columns.

Making a frame column by column costs a check, an inference and (later) a consolidation
per column; a few hundred microseconds for a frame of forty columns, as much as the rest
of a window's work. pandas 3 lets a frame be made from blocks directly; before it, the
constructor consolidates by itself, so the blocks are handed over as columns.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["column_index", "frame_from_blocks"]

Block = tuple[Any, "np.ndarray"]


@functools.lru_cache(maxsize=32)
def column_index(names: tuple[str, ...]) -> pd.Index:
    """The columns' Index, shared by every frame with these columns (an Index is
    immutable; making one of strings costs more than the rest of a small frame)."""
    import pandas as pd

    return pd.Index(names)


def frame_from_blocks(blocks: Sequence[Block], names: Sequence[str], index: Any) -> pd.DataFrame:
    """The frame of ``blocks`` (``(values, positions)``: 2-D numpy ``(columns, rows)`` or a
    1-D extension array for one column), named ``names``, with the row ``index``."""
    import pandas as pd

    rows = index if isinstance(index, pd.Index) else pd.Index(index)
    try:
        from pandas.api.internals import create_dataframe_from_blocks
    except ImportError:  # pandas < 3
        by_place: list[Any] = [None] * len(names)
        for values, places in blocks:
            for j, place in enumerate(places):
                by_place[int(place)] = values[j] if isinstance(values, np.ndarray) else values
        frame = pd.DataFrame(dict(zip(names, by_place, strict=True)), copy=False)
        frame.index = rows
        return frame
    return create_dataframe_from_blocks(list(blocks), index=rows,
                                        columns=column_index(tuple(names)))
