"""Fault injection through the container: a port's provider overridden, the facade's answer.

The overrides are the seam docs/testing.md shows users ("Overriding a port for fault
injection"); the faults are real where they can be: a Flight catalog on a connection to
a port where nothing listens goes through the real retry policy and error translation.
"""

from __future__ import annotations

import logging
import socket

import pytest
from dependency_injector import providers

from mosaicolabs import Floating64, Message, MosaicoClient
from mosaicolabs.adapters import flight as mf
from mosaicolabs.adapters.auth import AnonymousCredentials
from mosaicolabs.adapters.compression import NoCompression
from mosaicolabs.adapters.memory import InMemoryCatalog, MemoryEngine
from mosaicolabs.adapters.tls import PlainChannel
from mosaicolabs.container import ClientContainer
from mosaicolabs.domain.errors import (
    ConnectionRejectedError,
    DeadlineExceededError,
    MosaicoConnectionError,
    ServerError,
    UnavailableError,
)
from mosaicolabs.domain.retry import RetryPolicy
from mosaicolabs.domain.status_codes import StatusCode
from mosaicolabs.mock_server import running_server


class UnreachableCatalog(InMemoryCatalog):
    """The real in-memory catalog, except that listing fails as an unreachable server does."""

    def list_sequences(self) -> list[str]:
        raise UnavailableError("connection refused", action="list_sequences",
                               status_code=StatusCode.UNAVAILABLE)

    def describe_sequence(self, name: str):  # type: ignore[no-untyped-def]
        raise UnavailableError("connection refused", action="describe", resource=name)


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_catalog_is_a_typed_error_at_the_facade():
    engine = MemoryEngine()
    engine.create_sequence("drive", {})
    container = ClientContainer.for_memory(engine)
    container.catalog.override(providers.Singleton(UnreachableCatalog, engine,
                                                   container.credentials))
    with MosaicoClient.from_container(container) as client:
        with pytest.raises(UnavailableError) as listing:
            client.list_sequences()
        assert isinstance(listing.value, ConnectionError)
        assert listing.value.status_code is StatusCode.UNAVAILABLE
        with pytest.raises(UnavailableError):  # a failure, never a hidden "no such sequence"
            client.sequence_handler("drive")
        assert client.version() == "0.3.0"  # the other ports are untouched


def test_a_flight_catalog_on_a_dead_port_is_retried_then_typed(server, caplog):
    # The real server answers version(); the catalog alone talks to a port where nothing
    # listens, through the same connection class, retry policy and translator.
    dead = mf.FlightConnection("127.0.0.1", _unused_port(), security=PlainChannel(),
                               credentials=AnonymousCredentials(), compression=NoCompression(),
                               call_timeout_s=5,
                               retry=RetryPolicy(attempts=3, initial_backoff_s=0.01))
    container = ClientContainer.for_flight("127.0.0.1", server.port)
    container.catalog.override(providers.Object(mf.FlightCatalog(dead)))
    caplog.set_level(logging.INFO, logger="mosaicolabs.flight")
    try:
        with MosaicoClient.from_container(container) as client:
            assert client.version() == "0.3.0"
            with pytest.raises(UnavailableError) as caught:
                client.list_sequences()
    finally:
        dead.close()
    assert caught.value.status_code is StatusCode.UNAVAILABLE
    assert caught.value.action == "list_sequences"
    retries = [r for r in caplog.records if "retrying" in r.getMessage()]
    assert len(retries) == 2  # three tries: two pauses


class FailingServerInfo:
    """A server-info port whose connection probe fails with ``error``."""

    def __init__(self, error: Exception) -> None:
        self._error = error

    def version(self):  # type: ignore[no-untyped-def]
        raise AssertionError("not reached")

    info = version

    def wait_until_ready(self, timeout_s: float) -> None:
        raise self._error


def test_a_probe_that_times_out_fails_the_connect_with_its_typed_error():
    container = ClientContainer.for_memory(MemoryEngine())
    container.server_info.override(providers.Object(FailingServerInfo(DeadlineExceededError(
        "no answer", action="connect", status_code=StatusCode.DEADLINE_EXCEEDED))))
    with pytest.raises(MosaicoConnectionError) as caught:
        MosaicoClient.from_container(container)
    assert isinstance(caught.value, DeadlineExceededError)
    assert caught.value.status_code is StatusCode.DEADLINE_EXCEEDED


def test_a_probe_the_server_refuses_keeps_the_status_under_the_connect_error():
    container = ClientContainer.for_memory(MemoryEngine())
    container.server_info.override(providers.Object(FailingServerInfo(ServerError(
        "facade error", action="ListFlights", status_code=StatusCode.INTERNAL))))
    with pytest.raises(ConnectionRejectedError) as caught:
        MosaicoClient.from_container(container)
    assert isinstance(caught.value.__cause__, ServerError)
    assert caught.value.status_code is StatusCode.INTERNAL


def test_an_override_scoped_with_a_context_manager_is_undone():
    container = ClientContainer.for_memory(MemoryEngine())
    real = container.topic_streams()
    with container.topic_streams.override(providers.Object(object())):
        pass
    assert container.topic_streams() is real
    with MosaicoClient.from_container(container) as client:  # and the client still writes
        with client.sequence_create("s", {}) as writer:
            topic = writer.topic_create("/v", {}, Floating64)
            assert topic is not None
            topic.push(Message(timestamp_ns=1, data=Floating64(data=1.0)))
        assert client.list_sequences() == ["s"]


@pytest.fixture(scope="module")
def server():
    with running_server() as srv:
        yield srv
