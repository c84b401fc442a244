"""What the server says about itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ServerVersion"]


@dataclass(frozen=True)
class ServerVersion:
    """Server version as reported by the ``version`` (or ``info``) action.

    Attributes:
        version: The full version string, e.g. ``"0.3.2"``.
        major, minor, patch: Numeric parts, when the server sends them.
        pre: Pre-release tag (``""`` when none).
        config: Extra settings reported by newer servers (``info``), else empty.
    """

    version: str
    major: int | None = None
    minor: int | None = None
    patch: int | None = None
    pre: str = ""
    config: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.version
