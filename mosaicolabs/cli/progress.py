"""Progress bars on stderr for ``get``/``export``/``put``, only when a person is watching.

A bar is drawn only when stderr is a terminal and ``--no-progress`` was not
given: logs and pipes must not fill up with carriage returns. ``tqdm`` is used
when it is installed (an optional dependency); otherwise a small built-in bar.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, TextIO

__all__ = ["ProgressBar", "open_progress", "wants_progress"]

_WIDTH = 24
_REFRESH_S = 0.1


def wants_progress(disabled: bool, stream: TextIO | None = None) -> bool:
    """True when a bar should be drawn on ``stream`` (stderr by default)."""
    stream = sys.stderr if stream is None else stream
    if stream is None:  # no stderr at all (pythonw, some embedders)
        return False
    try:
        return not disabled and stream.isatty()
    except (AttributeError, ValueError):  # closed or fake streams: no bar
        return False


class ProgressBar:
    """A bar that draws nothing: the interface the real bars share."""

    def update(self, amount: int) -> None:
        """Count ``amount`` more bytes as done."""

    def close(self) -> None:
        """Finish the bar (a final redraw and a newline for real bars)."""

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _TextBar(ProgressBar):
    """The built-in bar: ``desc [#####-----]  42% 1.2 MiB/2.9 MiB``, redrawn at most 10/s."""

    def __init__(self, description: str, total: int | None, stream: TextIO) -> None:
        self._description, self._total, self._stream = description, total, stream
        self._done = 0
        self._drawn_at = 0.0
        self._draw(force=True)

    def update(self, amount: int) -> None:
        self._done += amount
        self._draw()

    def _draw(self, force: bool = False) -> None:
        from .output import format_size

        now = time.monotonic()
        if not force and now - self._drawn_at < _REFRESH_S:
            return
        self._drawn_at = now
        done = format_size(self._done)
        if self._total:
            fraction = min(1.0, self._done / self._total)
            filled = "#" * int(fraction * _WIDTH)
            text = (f"{self._description} [{filled.ljust(_WIDTH, '-')}] {fraction:4.0%} "
                    f"{done}/{format_size(self._total)}")
        else:
            text = f"{self._description} {done}"
        self._stream.write("\r" + text)
        self._stream.flush()

    def close(self) -> None:
        self._draw(force=True)
        self._stream.write("\n")
        self._stream.flush()


class _TqdmBar(ProgressBar):
    """``tqdm`` behind the same small interface."""

    def __init__(self, bar: Any) -> None:
        self._bar = bar

    def update(self, amount: int) -> None:
        self._bar.update(amount)

    def close(self) -> None:
        self._bar.close()


def open_progress(description: str, total: int | None, *, disabled: bool) -> ProgressBar:
    """A byte-counting bar on stderr, or one that draws nothing (see module docstring)."""
    if not wants_progress(disabled):
        return ProgressBar()
    try:
        from tqdm import tqdm
    except ImportError:  # optional dependency: fall back to the built-in bar
        return _TextBar(description, total, sys.stderr)
    # tqdm hides its bar on a terminal that reports no size (0x0: fresh ptys, serial
    # consoles), so give such terminals a fixed size instead.
    width: dict[str, Any] = {"dynamic_ncols": True} if _columns() else {"ncols": 80, "nrows": 24}
    return _TqdmBar(tqdm(total=total or None, desc=description, unit="B", unit_scale=True,
                         unit_divisor=1024, file=sys.stderr, leave=True, **width))


def _columns() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 0
