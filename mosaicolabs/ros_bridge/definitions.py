"""Message definitions added to a recording's type store: ``.msg`` files, a distribution's
types, registered definitions. Only types the store lacks are added: the recording's own
definitions win."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mosaicolabs.logging_config import get_logger

__all__ = ["add_definitions", "add_distro", "register_custom"]

logger = get_logger(__name__)


def add_definitions(types: Any, definitions: Mapping[str, str]) -> None:
    """Add ``definitions`` (type name -> ``.msg`` text) the type store ``types`` lacks; a
    definition that does not parse is logged and left out (the type then has none)."""
    from rosbags.typesys import get_types_from_msg

    for name, text in definitions.items():
        if name in types.fielddefs:
            continue
        try:
            types.register(get_types_from_msg(text, name))
        except Exception as exc:  # rosbags' parser raises its own error types
            logger.warning("the definition of %s does not parse (%s: %s)", name,
                           type(exc).__name__, exc)


def _msg_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(path.glob("*.msg"))
    if path.is_file():
        return [path]
    raise FileNotFoundError(f"custom message definitions: nothing at {path}")


def register_custom(types: Any, custom: Sequence[tuple[str, Path, Any]]) -> None:
    """Add the ``.msg`` definitions of ``custom`` the file's type store lacks."""
    from rosbags.typesys import get_types_from_msg

    for package, path, _store in custom:
        for msg in _msg_files(Path(path)):
            name = f"{package}/msg/{msg.stem}"
            if name not in types.fielddefs:
                types.register(get_types_from_msg(msg.read_text(), name))
                logger.debug("registered %s from %s", name, msg)


def add_distro(types: Any, distro: Any) -> None:
    """Add the types of the store ``distro`` that the file's type store lacks."""
    from rosbags.typesys import get_typestore

    store = get_typestore(distro)
    missing = {name: defs for name, defs in store.fielddefs.items() if name not in types.fielddefs}
    if missing:
        types.register(missing)
