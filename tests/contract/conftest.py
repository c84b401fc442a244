"""Fixtures that run every contract test on both backends.

``ports`` gives the port adapters of one backend: ``memory`` (the in-process
engine) or ``flight`` (Flight adapters against a mock server started in this
process on port 0). Both are built by the real container, so the wiring is
under test as well. ``engine`` is the state behind either backend, for setup
shortcuts and for asserting on what was stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

import pytest

from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.container import ClientContainer
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.mock_server import running_server

BACKENDS = ("memory", "flight")


@dataclass
class Ports:
    """The ports of one container, plus how to get another with other credentials."""

    backend: str
    engine: MemoryEngine
    container: ClientContainer
    reconnect: Callable[[str | None], Ports]

    def __getattr__(self, name: str) -> Any:
        # catalog, notifications, api_keys, server_info, topic_streams, ...
        return getattr(self.container, name)()


def _container(backend: str, engine: MemoryEngine, port: int | None, key: str | None):
    if backend == "memory":
        return ClientContainer.for_memory(engine, key)
    assert port is not None
    return ClientContainer.for_flight("127.0.0.1", port, api_key=key, call_timeout=30)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


def _ports_fixture(backend: str, engine: MemoryEngine, key: str | None) -> Iterator[Ports]:
    containers: list[ClientContainer] = []

    def build(server_port: int | None) -> Callable[[str | None], Ports]:
        def make(api_key: str | None) -> Ports:
            container = _container(backend, engine, server_port, api_key)
            containers.append(container)
            return Ports(backend, engine, container, make)

        return make

    if backend == "memory":
        yield build(None)(key)
    else:
        with running_server(engine) as server:
            yield build(server.port)(key)
    for container in containers:
        container.shutdown_resources()


@pytest.fixture
def engine() -> MemoryEngine:
    return MemoryEngine()


@pytest.fixture
def ports(backend: str, engine: MemoryEngine) -> Iterator[Ports]:
    """Ports on an engine that does not enforce API keys."""
    yield from _ports_fixture(backend, engine, None)


MANAGE_KEY = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"


@pytest.fixture
def secured_engine() -> MemoryEngine:
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(APIKeyPermissionEnum.Manage, "bootstrap", token=MANAGE_KEY)
    return engine


@pytest.fixture
def secured_ports(backend: str, secured_engine: MemoryEngine) -> Iterator[Ports]:
    """Ports acting with a Manage key on an engine that enforces API keys."""
    yield from _ports_fixture(backend, secured_engine, MANAGE_KEY)


@pytest.fixture
def client(backend: str, engine: MemoryEngine):
    """A MosaicoClient on the chosen backend (embedded, or connected to a mock server)."""
    from mosaicolabs import MosaicoClient

    if backend == "memory":
        with MosaicoClient.embedded(engine) as embedded:
            yield embedded
        return
    with running_server(engine) as server:
        with MosaicoClient.connect("127.0.0.1", server.port) as connected:
            yield connected
