"""Logging for the library: the ``mosaicolabs`` logger tree and a one-call setup.

The official package's ``mosaicolabs.logging_config``. Every logger of the library
lives under ``mosaicolabs`` (``mosaicolabs.writer``, ``mosaicolabs.flight`` ...), so
configuring that one logger configures them all::

    from mosaicolabs.logging_config import setup_sdk_logging

    setup_sdk_logging("DEBUG")  # to stderr, not propagated to the root logger

The library itself never configures logging; without a call to
:func:`setup_sdk_logging` records go wherever the application's logging sends them.
"""

from __future__ import annotations

import logging
import sys
from importlib.util import find_spec
from typing import Any

__all__ = ["RICH_AVAILABLE", "get_logger", "setup_sdk_logging"]

_ROOT = "mosaicolabs"  # every logger of the library descends from it
#: Whether the optional ``rich`` package is installed (``pretty=True`` output).
RICH_AVAILABLE: bool = find_spec("rich") is not None

_PLAIN_FORMAT = "%(asctime)s [%(levelname)s] %(name)s: %(message)s"
_PRETTY_FORMAT = "%(name)s: %(message)s"


def get_logger(name: str | None = None) -> logging.Logger:
    """The logger called ``name``, or the library's root logger ``mosaicolabs``.

    Args:
        name: A logger name, usually a module's ``__name__``; ``None`` for ``mosaicolabs``.
    """
    return logging.getLogger(_ROOT if name is None else name)


def _handler(pretty: bool, console: Any) -> logging.Handler:
    if pretty and RICH_AVAILABLE:
        from rich.logging import RichHandler  # optional dependency

        if console is None:
            from rich.console import Console

            console = Console(stderr=True)
        handler: logging.Handler = RichHandler(console=console, rich_tracebacks=True)
        handler.setFormatter(logging.Formatter(_PRETTY_FORMAT))
        return handler
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_PLAIN_FORMAT, datefmt="%Y-%m-%d %H:%M:%S"))
    return handler


def setup_sdk_logging(
    level: int | str = "INFO",
    pretty: bool = False,
    console: Any = None,
    propagate: bool = False,
) -> None:
    """Send the library's log records to stderr (calling it again replaces the setup).

    Args:
        level: The threshold, a name (``"DEBUG"``) or a number (``logging.DEBUG``).
        pretty: Format with ``rich`` when it is installed (plain text otherwise, with a
            warning on the ``mosaicolabs`` logger).
        console: A ``rich.console.Console`` to write to when ``pretty`` (shared with
            progress bars, say); a new stderr console by default.
        propagate: Also pass records on to the root logger's handlers (off by default,
            so records are not printed twice).
    """
    logger = get_logger()
    for old in list(logger.handlers):
        logger.removeHandler(old)
    logger.addHandler(_handler(pretty, console))
    logger.setLevel(level)
    logger.propagate = propagate
    if pretty and not RICH_AVAILABLE:
        logger.warning("pretty logging needs the 'rich' package; using plain text")
    logger.debug("mosaicolabs logging set up at level %s", logging.getLevelName(logger.level))
