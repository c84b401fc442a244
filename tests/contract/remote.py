"""The contract fixtures for a server that runs elsewhere (a container, a real mosaicod).

Such a server keeps its state for the whole session, so each fixture first deletes every
sequence (cheaper than a server per test; the contract tests only ever see sequences).
There is no engine behind it, so setup shortcuts are impossible and only the tests that
work purely through the ports are collected by the suites that use this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from mosaicolabs import MosaicoClient
from mosaicolabs.container import ClientContainer

from .conftest import Ports

__all__ = ["RemoteServer", "connect_to", "remote_ports", "wipe"]


class RemoteServer(Protocol):
    """What the fixtures need to know of a running server."""

    host: str
    port: int
    admin_key: str | None

    @property
    def tls_root(self) -> Path | None: ...


def _tls_options(server: RemoteServer) -> dict[str, Any]:
    root = getattr(server, "tls_root", None)
    return {} if root is None else {"tls_cert_path": str(root)}


def connect_to(server: RemoteServer, api_key: str | None = None, **options: Any) -> MosaicoClient:
    """A client of ``server`` (trusting its TLS root if it has one)."""
    return MosaicoClient.connect(server.host, server.port, api_key=api_key,
                                 **_tls_options(server), **options)


def wipe(server: RemoteServer) -> None:
    """Delete every sequence (and with them sessions, topics, notifications)."""
    with connect_to(server, server.admin_key) as admin:
        for name in admin.list_sequences():
            admin.sequence_delete(name)


def remote_ports(backend: str, server: RemoteServer, key: str | None) -> Iterator[Ports]:
    """Ports of containers built for ``server``, acting with ``key``; wipes the server first."""
    wipe(server)
    containers: list[ClientContainer] = []
    root = getattr(server, "tls_root", None)

    def make(api_key: str | None) -> Ports:
        container = ClientContainer.for_flight(
            server.host, server.port, api_key=api_key, call_timeout=60,
            tls={"enable": root is not None, "cert_path": None if root is None else str(root)})
        containers.append(container)
        return Ports(backend, None, container, make)  # type: ignore[arg-type]

    yield make(key)
    for container in containers:
        container.shutdown_resources()
