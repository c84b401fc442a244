"""The optional dependencies of recordings, loaded only when a recording is opened."""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["INSTALL_HINT", "require"]

INSTALL_HINT = "pip install 'mosaico-hexclient[recordings]'"


def require(module: str) -> ModuleType:
    """Import ``module`` (``rosbags.highlevel``, ``mcap.writer``…).

    Raises:
        ModuleNotFoundError: it is not installed; the message says how to install it.
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            f"ROS bag and MCAP support needs {exc.name or module!r}: {INSTALL_HINT}",
            name=exc.name) from exc
