"""Port: credentials attached to every call."""

from __future__ import annotations

from typing import Mapping, Protocol, runtime_checkable

__all__ = ["Credentials"]


@runtime_checkable
class Credentials(Protocol):
    """Headers that authenticate each call, and the public id of the key."""

    @property
    def fingerprint(self) -> str | None:
        """Fingerprint of the API key in use, or ``None`` when anonymous."""
        ...

    @property
    def token(self) -> str | None:
        """The secret token for in-process backends, or ``None`` when anonymous."""
        ...

    def headers(self) -> Mapping[str, str]:
        """Headers to send with every call (empty when anonymous)."""
        ...
