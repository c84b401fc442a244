"""What the official ``mosaicolabs.ros_bridge.loader`` offers that we can honour: the
policy enum for messages that fail to decode.

Our importer (:func:`mosaicolabs.recordings.import_recording`) reads the file itself;
its ``on_error`` argument (``"skip"`` / ``"raise"``) is what this policy chooses
between.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["LoaderErrorPolicy"]


class LoaderErrorPolicy(Enum):
    """What to do with a message that does not decode.

    Attributes:
        IGNORE: leave it out, say nothing.
        LOG_WARN: leave it out and log a warning.
        RAISE: stop reading and raise.
    """

    IGNORE = "ignore"
    LOG_WARN = "log_warn"
    RAISE = "raise"
