"""The composition root: adapters chosen once, strict settings, typed wiring, shutdown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dependency_injector.errors import Error as DIError

from mosaicolabs import MosaicoClient
from mosaicolabs.adapters.flight import FlightCatalog, FlightConnection, FlightTopicStreams
from mosaicolabs.adapters.flight.connection import DEFAULT_RETRY
from mosaicolabs.adapters.memory import InMemoryCatalog, InMemoryTopicStreams, MemoryEngine
from mosaicolabs.container import (
    DEFAULT_SETTINGS,
    ClientContainer,
    FlightAdapters,
    container_for,
)
from mosaicolabs.domain.errors import ClientClosedError, InvalidRequestError
from mosaicolabs.domain.retry import RetryPolicy
from mosaicolabs.mock_server import running_server

ROOT = Path(__file__).resolve().parents[2]
PORTS = ("catalog", "notifications", "api_keys", "server_info", "query_service",
         "topic_streams")


@pytest.fixture(scope="module")
def server():
    with running_server() as srv:
        yield srv


def _missing(error: pytest.ExceptionInfo[InvalidRequestError], key: str) -> None:
    assert error.value.resource == key and f"missing required setting {key!r}" in str(error.value)
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize(("settings", "key"), [
    ({"backend": "flight", "port": 6726}, "host"),
    ({"backend": "flight", "host": "localhost"}, "port"),
    ({"backend": "flight", "host": None, "port": 6726}, "host"),  # None is not a host
    ({}, "backend"),
])
def test_a_missing_required_setting_is_named(settings, key):
    with pytest.raises(InvalidRequestError) as caught:
        container_for(settings)
    _missing(caught, key)


def test_an_unknown_backend_is_refused():
    with pytest.raises(InvalidRequestError, match="unknown backend 'grpc'") as caught:
        container_for({"backend": "grpc", "host": "h", "port": 1})
    assert caught.value.resource == "backend"


def test_a_hand_wired_flight_container_without_host_fails_at_connect():
    # Wired by hand, past container_for's check: connecting still names the key, before
    # any I/O, instead of dialling grpc://None.
    container = ClientContainer()
    container.config.from_dict({"backend": "flight", "port": 6726})
    container.adapters.override(FlightAdapters(
        config=container.config, credentials=container.credentials,
        channel_security=container.channel_security, compression=container.compression))
    with pytest.raises(DIError, match=r'Undefined configuration option "config\.host"'):
        container.adapters.connection()  # what the strict configuration does on its own
    with pytest.raises(InvalidRequestError) as caught:
        MosaicoClient.from_container(container)
    _missing(caught, "host")


def test_a_container_without_adapters_fails_loudly():
    container = ClientContainer()
    container.config.from_dict({"backend": "memory"})
    with pytest.raises(DIError, match="not defined"):
        container.catalog()
    with pytest.raises(InvalidRequestError, match="no adapters: build it with container_for"):
        MosaicoClient.from_container(container)


def test_optional_settings_keep_their_defaults(server):
    container = container_for({"backend": "flight", "host": "127.0.0.1", "port": server.port,
                               "tls": {"enable": False}})  # a partial tls block merges
    assert container.config() == {**DEFAULT_SETTINGS, "backend": "flight",
                                  "host": "127.0.0.1", "port": server.port}
    connection = container.adapters.connection()
    assert isinstance(connection, FlightConnection)
    assert connection.stream_idle_timeout_s == DEFAULT_SETTINGS["stream_idle_timeout"]
    assert connection._retry is DEFAULT_RETRY and connection.location.startswith("grpc://")
    container.shutdown_resources()


def test_given_settings_win_and_none_turns_a_limit_off(server):
    policy = RetryPolicy(attempts=2)
    container = ClientContainer.for_flight("127.0.0.1", server.port, retry=policy,
                                           stream_idle_timeout=None, call_timeout=7)
    connection = container.adapters.connection()
    assert connection.stream_idle_timeout_s is None and connection._retry is policy
    assert container.config.call_timeout() == 7
    container.shutdown_resources()


def test_each_backend_gets_its_adapters_once(server):
    flight = ClientContainer.for_flight("127.0.0.1", server.port)
    memory = ClientContainer.for_memory(MemoryEngine())
    assert isinstance(flight.catalog(), FlightCatalog)
    assert isinstance(flight.topic_streams(), FlightTopicStreams)
    assert isinstance(memory.catalog(), InMemoryCatalog)
    assert isinstance(memory.topic_streams(), InMemoryTopicStreams)
    # Chosen once: changing the setting afterwards does not swap the adapters.
    flight.config.backend.from_value("memory")
    assert isinstance(flight.catalog(), FlightCatalog)
    assert flight.catalog() is flight.catalog()  # one adapter per container
    flight.shutdown_resources()


def test_all_flight_ports_share_one_connection_closed_on_client_close(server):
    container = ClientContainer.for_flight("127.0.0.1", server.port)
    client = MosaicoClient.from_container(container)
    connection = container.adapters.connection()
    assert all(getattr(container, port)() is not None for port in PORTS)
    assert client.version() == "0.3.0"
    client.close()
    with pytest.raises(ClientClosedError, match="is closed"):
        connection.action("version", {})


def test_memory_containers_share_an_engine_when_given_one():
    engine = MemoryEngine()
    engine.create_sequence("drive", {})
    with MosaicoClient.from_container(ClientContainer.for_memory(engine)) as client:
        assert client.list_sequences() == ["drive"]
        assert repr(client) == "<MosaicoClient backend=memory open>"


def test_the_wiring_needs_no_type_ignore():
    for name in ("container.py", "settings.py", "client.py"):
        source = (ROOT / "mosaicolabs" / name).read_text()
        assert not re.search(r"#\s*type:\s*ignore", source), name
