"""``ROSTypeRegistry``: message definitions registered once, for every later import.

The official registry of custom ``.msg`` definitions, by scope: ``GLOBAL`` (no store
named) or a ROS distribution (a ``rosbags.typesys.Stores`` member or its name). A type
the recording itself defines keeps the file's definition; a registered one fills in what
the file lacks (bags recorded without definitions, ROS 1 bags of custom types).
:class:`~mosaicolabs.ros_bridge.RosbagInjector` and :class:`~mosaicolabs.ros_bridge.
ROSLoader` read ``get_types(<their distribution>)``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, ClassVar

from mosaicolabs.logging_config import get_logger

__all__ = ["ROSTypeRegistry", "definition_text"]

logger = get_logger(__name__)

_GLOBAL = "GLOBAL"


def _scope(store: Any) -> str:
    """The scope of ``store``: ``Stores.ROS2_HUMBLE`` and ``"ros2_humble"`` are one (the
    official registry keys by ``str(store)``, so there they were two)."""
    if not store:
        return _GLOBAL
    return str(getattr(store, "value", store))


class ROSTypeRegistry:
    """Message definitions by scope and type name (class-level: one per process)."""

    _registry: ClassVar[dict[str, dict[str, str]]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def register(cls, msg_type: str, source: str | Path, store: Any = None) -> None:
        """Register the definition of ``msg_type`` (``pkg/msg/Name``) from ``source``: a
        ``.msg`` file (a ``Path``, or a string naming an existing ``.msg`` file) or the
        definition text itself; for ``store`` only, or for every distribution.

        Raises:
            FileNotFoundError: ``source`` is a ``Path`` to nothing.
            TypeError: ``source`` is neither a string nor a path.
        """
        definition = cls._resolve_source(source)
        scope = _scope(store)
        with cls._lock:
            cls._registry.setdefault(scope, {})[msg_type] = definition
        logger.debug("registered %s for %s", msg_type, scope)

    @classmethod
    def register_directory(cls, package_name: str, dir_path: str | Path,
                           store: Any = None) -> None:
        """Register every ``*.msg`` file of ``dir_path`` as ``package_name/msg/<stem>``.

        Raises:
            ValueError: ``dir_path`` is not a directory.
        """
        path = Path(dir_path)
        if not path.is_dir():
            raise ValueError(f"Path '{path}' is not a directory.")
        files = sorted(path.glob("*.msg"))
        if not files:
            logger.warning("no .msg files in %s", path)
        for msg_file in files:
            cls.register(f"{package_name}/msg/{msg_file.stem}", msg_file, store=store)

    @classmethod
    def get_types(cls, store: Any = None) -> dict[str, str]:
        """Type name -> definition: the global ones, then those of ``store`` (which win)."""
        with cls._lock:
            merged = dict(cls._registry.get(_GLOBAL, {}))
            if store:
                merged.update(cls._registry.get(_scope(store), {}))
        return merged

    @classmethod
    def reset(cls) -> None:
        """Forget every registered definition."""
        with cls._lock:
            cls._registry.clear()

    @staticmethod
    def _resolve_source(source: object) -> str:
        return definition_text(source)


def definition_text(source: object) -> str:
    """The ``.msg`` text of ``source``: a ``Path`` to a file, a string naming an existing
    ``.msg`` file, or the definition text itself (typed ``object``: callers pass what
    users give, and anything else is refused here).

    Raises:
        FileNotFoundError: ``source`` is a ``Path`` to nothing.
        TypeError: ``source`` is neither a string nor a path.
    """
    if isinstance(source, Path):
        if not source.exists():
            raise FileNotFoundError(f"Msg file not found: '{source}'")
        return source.read_text(encoding="utf-8")
    if isinstance(source, str):
        try:
            candidate = Path(source)
            if candidate.suffix == ".msg" and candidate.is_file():
                return candidate.read_text(encoding="utf-8")
        except OSError:  # too long or invalid for a path: definition text
            pass
        return source
    raise TypeError(f"Invalid source type: '{type(source)}'. Expected str or Path.")
