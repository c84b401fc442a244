"""Use-case: ask the server for its version and wait until it is ready."""

from __future__ import annotations

from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.domain.server import ServerVersion
from mosaicolabs.ports.server_info import ServerInfo

__all__ = ["InspectServer"]


class InspectServer:
    """Version and readiness of the server."""

    def __init__(self, server_info: ServerInfo) -> None:
        self._port = server_info

    def version(self) -> str:
        """The server version string (e.g. ``"0.3.2"``)."""
        return self._port.version().version

    def info(self) -> ServerVersion:
        """Version and configuration details.

        Servers of the 0.3 era have no ``info`` action; for them the answer is
        built from ``version`` (with an empty ``config``).
        """
        try:
            return self._port.info()
        except InvalidRequestError:
            return self._port.version()

    def wait_until_ready(self, timeout_s: float) -> None:
        """Block until the server answers an authenticated probe."""
        self._port.wait_until_ready(timeout_s)
