"""Server-info port over the ``version`` / ``info`` actions and the ListFlights probe."""

from __future__ import annotations

from typing import Any

from mosaicolabs.domain.errors import ProtocolError
from mosaicolabs.domain.server import ServerVersion
from mosaicolabs.domain.vocabulary import Action

from .connection import FlightConnection

__all__ = ["FlightServerInfo", "parse_version"]


def parse_version(action: str, response: Any) -> ServerVersion:
    """Decode a ``version``/``info`` answer; a bare string is accepted too."""
    if isinstance(response, str):
        return ServerVersion(response)
    if not isinstance(response, dict) or not isinstance(response.get("version"), str):
        raise ProtocolError(f"{action}: the server sent no version string", action=action)
    raw_semver, raw_config = response.get("semver"), response.get("config")
    semver: dict[str, Any] = raw_semver if isinstance(raw_semver, dict) else {}
    config: dict[str, Any] = raw_config if isinstance(raw_config, dict) else {}

    def part(key: str) -> int | None:
        value = semver.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    return ServerVersion(
        version=response["version"],
        major=part("major"),
        minor=part("minor"),
        patch=part("patch"),
        pre=str(semver.get("pre") or ""),
        config=dict(config),
    )


class FlightServerInfo:
    """:class:`~mosaicolabs.ports.ServerInfo` over Flight."""

    def __init__(self, connection: FlightConnection) -> None:
        self._conn = connection

    def version(self) -> ServerVersion:
        name = Action.version.name
        return parse_version(name, self._conn.action(name, {}))

    def info(self) -> ServerVersion:
        name = Action.info.name
        return parse_version(name, self._conn.action(name, {}))

    def wait_until_ready(self, timeout_s: float) -> None:
        self._conn.wait_until_ready(timeout_s)
