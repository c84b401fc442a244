"""Port: facts about the server and reachability."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from mosaicolabs.domain.server import ServerVersion

__all__ = ["ServerInfo"]


@runtime_checkable
class ServerInfo(Protocol):
    """Ask the server who it is; wait until it answers."""

    def version(self) -> ServerVersion:
        """The server's version."""
        ...

    def info(self) -> ServerVersion:
        """Version plus configuration, from servers that support ``info``.

        Raises ``NotImplementedError``-like ``InvalidRequestError`` on servers without it.
        """
        ...

    def wait_until_ready(self, timeout_s: float) -> None:
        """Block until the server answers an authenticated probe, or raise."""
        ...
