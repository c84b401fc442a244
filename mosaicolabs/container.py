"""Composition root: the dependency-injector containers behind each client.

Three containers, one job each:

* :class:`FlightAdapters`: the ports over Arrow Flight, sharing one connection (a
  ``Resource``, closed by ``shutdown_resources()``);
* :class:`MemoryAdapters`: the same ports over an in-process :class:`MemoryEngine`;
* :class:`ClientContainer`: the settings, the connection concerns (credentials,
  channel security, compression), the ports and the use-cases wired over them.

:func:`container_for` builds a :class:`ClientContainer` and chooses its adapters
container once, from ``backend``; nothing is selected again per call and nothing is
wired globally. Settings are read strictly: a setting the chosen backend needs
(``host`` and ``port`` for Flight) raises :class:`InvalidRequestError` naming it, and
every other one has a default (:data:`DEFAULT_SETTINGS`). Ports are typed
dependencies without defaults, so a container without adapters fails loudly.
Tests and users override a port's provider (``container.topic_streams.override(...)``)
instead of monkeypatching.
"""

from __future__ import annotations

from typing import Callable, Iterator, Mapping, TypeVar, cast

from dependency_injector import containers, providers

from mosaicolabs.adapters.auth import credentials_for
from mosaicolabs.adapters.compression import compression_for
from mosaicolabs.adapters.flight import (
    FlightAPIKeys,
    FlightCatalog,
    FlightConnection,
    FlightLayers,
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
    InMemoryLayers,
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
from mosaicolabs.application.manage_layers import ManageLayers
from mosaicolabs.application.manage_notifications import ManageNotifications
from mosaicolabs.application.run_query import RunQuery
from mosaicolabs.domain.retry import RetryPolicy
from mosaicolabs.ports import (
    APIKeys,
    Catalog,
    ChannelSecurity,
    Compression,
    Credentials,
    Layers,
    Notifications,
    QueryService,
    ServerInfo,
    TopicStreams,
)

from .settings import REQUIRED_SETTINGS, check_settings

__all__ = [
    "DEFAULT_SETTINGS",
    "DEFAULT_STREAM_IDLE_TIMEOUT_S",
    "REQUIRED_SETTINGS",
    "ClientContainer",
    "FlightAdapters",
    "MemoryAdapters",
    "MemoryEngine",
    "check_settings",
    "container_for",
    "open_flight_connection",
]

#: Every optional setting and its value when absent (``None`` is a value: for
#: ``stream_idle_timeout`` it turns the limit off, for ``call_timeout`` the deadline).
#: Strict mode raises on *any* absent key, optional or not, and lets an explicit ``None``
#: through; hence defaults for the optional ones and ``check_settings`` for the others.
DEFAULT_SETTINGS: Mapping[str, object] = {
    "api_key": None,
    "call_timeout": 60.0,
    "stream_idle_timeout": DEFAULT_STREAM_IDLE_TIMEOUT_S,
    "retry": None,
    "compression": None,
    "ipc_compression": None,
    "tls": {"enable": False, "cert_path": None, "client_cert_path": None,
            "client_key_path": None, "server_name": None},
}

_Port = TypeVar("_Port")


def _port(kind: Callable[..., _Port]) -> providers.Dependency[_Port]:
    """A dependency with no default, typed as the port and checked with ``isinstance``.

    (Typed ``Callable``: mypy refuses a Protocol where ``type[...]`` is expected.)
    """
    return providers.Dependency(instance_of=cast("type[_Port]", kind))


def open_flight_connection(
    host: str,
    port: int,
    security: ChannelSecurity,
    credentials: Credentials,
    compression: Compression,
    call_timeout_s: float | None,
    retry: RetryPolicy | None = None,
    stream_idle_timeout_s: float | None = DEFAULT_STREAM_IDLE_TIMEOUT_S,
) -> Iterator[FlightConnection]:
    """Resource: a Flight connection, closed by ``shutdown_resources()``."""
    connection = FlightConnection(
        host, port, security=security, credentials=credentials, compression=compression,
        call_timeout_s=call_timeout_s, retry=retry or DEFAULT_RETRY,
        stream_idle_timeout_s=stream_idle_timeout_s)
    try:
        yield connection
    finally:
        connection.close()


class FlightAdapters(containers.DeclarativeContainer):
    """The ports over Arrow Flight, all on one connection.

    ``config`` is the client's (``host``, ``port``, ``call_timeout``, ``retry``,
    ``stream_idle_timeout``); the connection concerns come from the client container.
    """

    config = providers.Configuration(strict=True)
    credentials = _port(Credentials)
    channel_security = _port(ChannelSecurity)
    compression = _port(Compression)

    connection = providers.Resource(
        open_flight_connection,
        host=config.host,
        port=config.port,
        security=channel_security,
        credentials=credentials,
        compression=compression,
        call_timeout_s=config.call_timeout,
        retry=config.retry,
        stream_idle_timeout_s=config.stream_idle_timeout,
    )
    catalog = providers.Singleton(FlightCatalog, connection)
    notifications = providers.Singleton(FlightNotifications, connection)
    api_keys = providers.Singleton(FlightAPIKeys, connection)
    server_info = providers.Singleton(FlightServerInfo, connection)
    query_service = providers.Singleton(FlightQueryService, connection)
    topic_streams = providers.Singleton(FlightTopicStreams, connection, catalog)
    layers = providers.Singleton(FlightLayers, connection)


class MemoryAdapters(containers.DeclarativeContainer):
    """The ports over an in-process :class:`MemoryEngine`, acting with ``credentials``."""

    engine = providers.Dependency(instance_of=MemoryEngine)
    credentials = _port(Credentials)

    catalog = providers.Singleton(InMemoryCatalog, engine, credentials)
    notifications = providers.Singleton(InMemoryNotifications, engine, credentials)
    api_keys = providers.Singleton(InMemoryAPIKeys, engine, credentials)
    server_info = providers.Singleton(InMemoryServerInfo, engine, credentials)
    query_service = providers.Singleton(InMemoryQueryService, engine, credentials)
    topic_streams = providers.Singleton(InMemoryTopicStreams, engine, credentials)
    layers = providers.Singleton(InMemoryLayers, engine, credentials)


class ClientContainer(containers.DeclarativeContainer):
    """Everything one :class:`MosaicoClient` needs; build it with :func:`container_for`.

    Settings: ``backend`` (``"flight"``/``"memory"``), ``host``, ``port``,
    ``call_timeout`` (control calls, s), ``stream_idle_timeout`` (data streams without
    progress, s; ``None``: off), ``retry`` (a ``RetryPolicy``), ``api_key``,
    ``tls.enable``, ``tls.cert_path``, ``tls.client_cert_path``, ``tls.client_key_path``,
    ``tls.server_name``, ``compression`` (``None``, a ``GRPCCompressionAlgorithm`` or a
    ``GRPCCompression``), ``ipc_compression`` (``None``, ``"zstd"``, ``"lz4"`` or an
    ``IPCCompression``). Defaults: :data:`DEFAULT_SETTINGS`.

    The ports (``catalog``, ``notifications``, ``api_keys``, ``server_info``,
    ``query_service``, ``topic_streams``, ``layers``) are those of the adapters container
    :func:`container_for` put in ``adapters``; override one to inject a fault.
    """

    config = providers.Configuration(strict=True, default=DEFAULT_SETTINGS)
    backend = config.backend.as_(str)

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

    # -- ports: typed, no defaults; filled by the adapters container chosen once ----------
    catalog = _port(Catalog)
    notifications = _port(Notifications)
    api_keys = _port(APIKeys)
    server_info = _port(ServerInfo)
    query_service = _port(QueryService)
    topic_streams = _port(TopicStreams)
    layers = _port(Layers)
    adapters = providers.DependenciesContainer(
        catalog=catalog, notifications=notifications, api_keys=api_keys,
        server_info=server_info, query_service=query_service, topic_streams=topic_streams,
        layers=layers,
    )

    # -- use-cases, wired once over those ports -------------------------------------------
    data_ports = providers.Singleton(
        DataPorts, catalog=catalog, streams=topic_streams, notifications=notifications
    )
    browse_catalog = providers.Singleton(BrowseCatalog, data_ports)
    inspect_server = providers.Singleton(InspectServer, server_info)
    manage_notifications = providers.Singleton(ManageNotifications, notifications)
    manage_api_keys = providers.Singleton(ManageAPIKeys, api_keys, credentials)
    run_query = providers.Singleton(RunQuery, query_service)
    manage_layers = providers.Singleton(ManageLayers, layers)

    @classmethod
    def for_memory(
        cls, engine: MemoryEngine | None = None, api_key: str | None = None
    ) -> ClientContainer:
        """A container on the memory backend over ``engine`` (a fresh one if omitted)."""
        return container_for({"backend": "memory", "api_key": api_key}, engine=engine)

    @classmethod
    def for_flight(cls, host: str, port: int, **settings: object) -> ClientContainer:
        """A container for the server at ``host:port``; ``settings`` as in the class doc."""
        return container_for({"backend": "flight", "host": host, "port": port, **settings})


def container_for(
    settings: Mapping[str, object], engine: MemoryEngine | None = None
) -> ClientContainer:
    """A :class:`ClientContainer` for ``settings``, its adapters chosen once by ``backend``.

    Args:
        settings: ``backend`` plus the settings listed on :class:`ClientContainer`;
            absent optional ones take :data:`DEFAULT_SETTINGS`.
        engine: The engine of the ``"memory"`` backend (a fresh one if omitted).

    Raises:
        InvalidRequestError: a required setting is missing (named in ``resource``) or
            the backend is unknown.
    """
    backend = settings.get("backend")
    container = ClientContainer()
    # A copy (from_dict writes into its argument); {} is allowed: check_settings names the gap.
    container.config.from_dict(dict(settings), required=False)
    if backend == "memory":
        engine = engine if engine is not None else MemoryEngine()
        container.adapters.override(MemoryAdapters(
            engine=providers.Object(engine), credentials=container.credentials))
    elif backend == "flight":
        container.adapters.override(FlightAdapters(
            config=container.config, credentials=container.credentials,
            channel_security=container.channel_security, compression=container.compression))
    check_settings(container)  # names a missing setting or an unknown backend
    return container
