"""Composition root: the dependency-injector container behind each client.

One container per client instance; nothing is wired globally. ``config.backend``
selects the adapters: ``"flight"`` (a server over Arrow Flight) or ``"memory"``
(an in-process :class:`MemoryEngine`). Providers without defaults fail loudly
when something is missing. Tests override providers instead of monkeypatching.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from dependency_injector import containers, providers

from mosaicolabs.adapters.auth import credentials_for
from mosaicolabs.adapters.compression import compression_for
from mosaicolabs.adapters.flight import (
    FlightAPIKeys,
    FlightCatalog,
    FlightConnection,
    FlightNotifications,
    FlightQueryService,
    FlightServerInfo,
    FlightTopicStreams,
)
from mosaicolabs.adapters.flight.connection import DEFAULT_RETRY
from mosaicolabs.adapters.flight.watchdog import DEFAULT_STREAM_IDLE_TIMEOUT_S
from mosaicolabs.adapters.memory import (
    InMemoryAPIKeys,
    InMemoryCatalog,
    InMemoryNotifications,
    InMemoryQueryService,
    InMemoryServerInfo,
    InMemoryTopicStreams,
    MemoryEngine,
)
from mosaicolabs.adapters.tls import channel_security_for
from mosaicolabs.application.browse_catalog import BrowseCatalog
from mosaicolabs.application.data_ports import DataPorts
from mosaicolabs.application.inspect_server import InspectServer
from mosaicolabs.application.manage_api_keys import ManageAPIKeys
from mosaicolabs.application.manage_notifications import ManageNotifications
from mosaicolabs.application.run_query import RunQuery
from mosaicolabs.domain.retry import RetryPolicy

__all__ = [
    "DEFAULT_STREAM_IDLE_TIMEOUT_S",
    "ClientContainer",
    "MemoryEngine",
    "open_flight_connection",
    "stream_idle_timeout",
]


def stream_idle_timeout(settings: Mapping[str, Any]) -> float | None:
    """The ``stream_idle_timeout`` setting: the default when absent, ``None`` turns it off.

    Read from the whole mapping because a configuration option cannot tell an absent
    key from an explicit ``None``.
    """
    value: float | None = settings.get("stream_idle_timeout", DEFAULT_STREAM_IDLE_TIMEOUT_S)
    return value


def open_flight_connection(
    host: str,
    port: int,
    security: object,
    credentials: object,
    compression: object,
    call_timeout_s: float | None,
    retry: RetryPolicy | None = None,
    stream_idle_timeout_s: float | None = DEFAULT_STREAM_IDLE_TIMEOUT_S,
) -> Iterator[FlightConnection]:
    """Resource: a Flight connection, closed by ``shutdown_resources()``."""
    connection = FlightConnection(
        host,
        port,
        security=security,  # type: ignore[arg-type]
        credentials=credentials,  # type: ignore[arg-type]
        compression=compression,  # type: ignore[arg-type]
        call_timeout_s=call_timeout_s,
        retry=retry or DEFAULT_RETRY,
        stream_idle_timeout_s=stream_idle_timeout_s,
    )
    try:
        yield connection
    finally:
        connection.close()


class ClientContainer(containers.DeclarativeContainer):
    """Everything one :class:`MosaicoClient` needs, wired from ``config``.

    Configuration keys: ``backend`` (``"flight"``/``"memory"``), ``host``, ``port``,
    ``timeout`` (connect probe, s), ``call_timeout`` (control calls, s),
    ``stream_idle_timeout`` (data streams without progress, s; absent: 60, ``None``: off),
    ``api_key``, ``tls.enable``, ``tls.cert_path``, ``tls.client_cert_path``,
    ``tls.client_key_path``, ``tls.server_name``, ``compression`` (``None``, a
    ``GRPCCompressionAlgorithm`` or a ``GRPCCompression``), ``ipc_compression``
    (``None``, ``"zstd"``, ``"lz4"`` or an ``IPCCompression``). The memory backend
    needs the ``engine`` dependency.
    """

    config = providers.Configuration(strict=False)

    credentials = providers.Singleton(credentials_for, config.api_key)
    compression = providers.Singleton(
        compression_for, config.compression, config.ipc_compression
    )
    channel_security = providers.Singleton(
        channel_security_for,
        enable_tls=config.tls.enable.as_(bool),
        tls_cert_path=config.tls.cert_path,
        tls_client_cert_path=config.tls.client_cert_path,
        tls_client_key_path=config.tls.client_key_path,
        tls_server_name=config.tls.server_name,
    )

    # -- Flight backend -----------------------------------------------------------------
    connection = providers.Resource(
        open_flight_connection,
        host=config.host,
        port=config.port,
        security=channel_security,
        credentials=credentials,
        compression=compression,
        call_timeout_s=config.call_timeout,
        retry=config.retry,
        stream_idle_timeout_s=providers.Callable(stream_idle_timeout, config),
    )
    flight_catalog = providers.Singleton(FlightCatalog, connection)

    # -- memory backend -----------------------------------------------------------------
    engine = providers.Dependency(instance_of=MemoryEngine)

    # -- ports, by backend --------------------------------------------------------------
    catalog = providers.Selector(
        config.backend,
        flight=flight_catalog,
        memory=providers.Singleton(InMemoryCatalog, engine, credentials),
    )
    notifications = providers.Selector(
        config.backend,
        flight=providers.Singleton(FlightNotifications, connection),
        memory=providers.Singleton(InMemoryNotifications, engine, credentials),
    )
    api_keys = providers.Selector(
        config.backend,
        flight=providers.Singleton(FlightAPIKeys, connection),
        memory=providers.Singleton(InMemoryAPIKeys, engine, credentials),
    )
    server_info = providers.Selector(
        config.backend,
        flight=providers.Singleton(FlightServerInfo, connection),
        memory=providers.Singleton(InMemoryServerInfo, engine, credentials),
    )
    query_service = providers.Selector(
        config.backend,
        flight=providers.Singleton(FlightQueryService, connection),
        memory=providers.Singleton(InMemoryQueryService, engine, credentials),
    )
    topic_streams = providers.Selector(
        config.backend,
        flight=providers.Singleton(FlightTopicStreams, connection, flight_catalog),
        memory=providers.Singleton(InMemoryTopicStreams, engine, credentials),
    )

    # -- use-cases ----------------------------------------------------------------------
    data_ports = providers.Singleton(
        DataPorts, catalog=catalog, streams=topic_streams, notifications=notifications
    )
    browse_catalog = providers.Singleton(BrowseCatalog, data_ports)
    inspect_server = providers.Singleton(InspectServer, server_info)
    manage_notifications = providers.Singleton(ManageNotifications, notifications)
    manage_api_keys = providers.Singleton(ManageAPIKeys, api_keys, credentials)
    run_query = providers.Singleton(RunQuery, query_service)

    @classmethod
    def for_memory(
        cls, engine: MemoryEngine | None = None, api_key: str | None = None
    ) -> ClientContainer:
        """A container on the memory backend over ``engine`` (a fresh one if omitted)."""
        container = cls()
        container.config.from_dict({"backend": "memory", "api_key": api_key})
        container.engine.override(engine if engine is not None else MemoryEngine())
        return container
