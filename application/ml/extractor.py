"""``DataFrameExtractor``: a sequence as sparse, flat pandas frames, one per time window.

The frames are those of the official 0.3.2 extractor: a ``timestamp_ns`` column, then
``{topic}.{tag}.{field}`` columns (nested fields joined by dots, lists and binary kept
whole) in the sequence's topic order, one row per message sorted by time, the other
topics' columns missing (``NaN``; ints become floats, as pandas makes them). The index is
each row's position in the window's topics-one-after-the-other order, as the official
one's. A topic still has its columns (all missing) in a window without its messages, and
loses them once it has no message left.

Built with Arrow and numpy (one server stream per topic, flatten, stable sort on time,
numeric columns scattered into 2-D blocks: :mod:`.sparse`): no per-row Python work.

Fixed (upstream issue #824): the official extractor clamps the range end to the last
timestamp and then reads ``[start, end)``, so the sequence's last message is lost
whenever ``timestamp_ns_end`` is past it, or when the last message lies exactly on a
window bound (the loop stops before the window ``[last, last + w)``). Here the range is
``[start, end)`` with ``end`` clamped to just after the last message, so the last message
is always in the last frame (alone, when it lies on a window bound). Equal timestamps keep
a stable order (topic order, then stored order); the official sort is not stable.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Generator

from .sparse import sparse_frame
from .windows import topic_windows

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..handlers import SequenceHandler

__all__ = ["DataFrameExtractor"]

logger = logging.getLogger(__name__)


class DataFrameExtractor:
    """A sequence's topics as flat, sparse pandas frames, window by window."""

    def __init__(self, sequence_handler: SequenceHandler) -> None:
        self._sequence_handler = sequence_handler

    def to_pandas_chunks(
        self,
        topics: list[str] | None = None,
        window_sec: float = 5.0,
        timestamp_ns_start: int | None = None,
        timestamp_ns_end: int | None = None,
    ) -> Generator[pd.DataFrame, None, None]:
        """One frame per window of ``window_sec`` seconds over ``[start, end)``.

        Args:
            topics: Topic names (``None`` or empty: every topic with data).
            window_sec: Window length in seconds; at least the whole range: one frame.
            timestamp_ns_start: Inclusive start (default: the first message).
            timestamp_ns_end: Exclusive end (default: just after the last message).

        Raises:
            ValueError: the sequence holds no data, or a topic is unknown.
        """
        handler = self._sequence_handler
        low, high = handler.timestamp_ns_min, handler.timestamp_ns_max
        if low is None or high is None:
            raise ValueError(
                f"Unable to extract dataframe from the input sequence {handler.name}. "
                "The sequence might contain no data or could not derive 'min' and 'max' "
                "timestamps from topics")
        start = low if timestamp_ns_start is None else max(timestamp_ns_start, low)
        end = high + 1 if timestamp_ns_end is None else min(timestamp_ns_end, high + 1)
        window_ns = int(window_sec * 1e9)
        if window_ns >= end - start:
            logger.warning("Window size (%ss) is larger than the range (%ss): the whole "
                           "range is loaded into memory.", window_sec, (end - start) / 1e9)
            window_ns = max(end - start, 1)
        for window in topic_windows(handler, topics or None, window_ns, start_ns=start,
                                    end_ns=end):
            if window.tables:
                yield sparse_frame(list(window.tables.values()))
