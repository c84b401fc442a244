"""``MosaicoClient``: the facade users import. Each method delegates to a use-case."""

from __future__ import annotations

import threading
import warnings
from typing import Any

from mosaicolabs.application.handlers import SequenceHandler, TopicHandler
from mosaicolabs.application.manage_api_keys import ManageAPIKeys
from mosaicolabs.application.manage_layers import ManageLayers
from mosaicolabs.application.manage_notifications import ManageNotifications
from mosaicolabs.application.writing.limits import BatchLimits
from mosaicolabs.application.writing.session_writer import SequenceWriter
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum, APIKeyStatus
from mosaicolabs.domain.compression import CompressionOption, IPCCompressionOption
from mosaicolabs.domain.errors import ClientClosedError, MosaicoConnectionError
from mosaicolabs.domain.notifications import Notification
from mosaicolabs.domain.policies import SessionLevelErrorPolicy
from mosaicolabs.domain.query.builders import Query
from mosaicolabs.domain.query.protocols import QueryableProtocol
from mosaicolabs.domain.query.response import QueryResponse
from mosaicolabs.domain.redaction import redact_secrets
from mosaicolabs.domain.retry import RetryPolicy
from mosaicolabs.domain.server import ServerVersion

from .container import ClientContainer, MemoryEngine
from .factories import check_endpoint, flight_container, open_container, settings_from_env

__all__ = ["MosaicoClient"]

_SENTINEL = object()


class MosaicoClient:
    """The gateway to a Mosaico server (or to an in-process engine).

    Obtain one with :meth:`connect`, :meth:`from_env` or :meth:`embedded`; calling
    the constructor directly raises ``RuntimeError``. Use it as a context manager
    (or call :meth:`close`) so connections and handlers are released.
    """

    def __init__(
        self, *, container: ClientContainer | None = None, sentinel: object = None, **_: Any
    ) -> None:
        if sentinel is not _SENTINEL or container is None:
            raise RuntimeError(
                "MosaicoClient cannot be created directly: use MosaicoClient.connect(...), "
                "MosaicoClient.from_env(...) or MosaicoClient.embedded()"
            )
        self._container = container
        self._lock = threading.Lock()
        self._closed = False

    # -- factories --------------------------------------------------------------------
    @classmethod
    def connect(
        cls, host: str, port: int, timeout: float = 5, tls_cert_path: str | None = None,
        api_key: str | None = None, *, enable_tls: bool = False,
        tls_client_cert_path: str | None = None, tls_client_key_path: str | None = None,
        tls_server_name: str | None = None, call_timeout: float | None = 60.0,
        compression: CompressionOption = None, ipc_compression: IPCCompressionOption = None,
        retry: RetryPolicy | None = None, stream_idle_timeout: float | None = 60.0,
    ) -> MosaicoClient:
        """Connect to a server and return a ready client.

        Args:
            host: Server host (e.g. ``"localhost"``).
            port: Server port (the platform default is 6726).
            timeout: Seconds to wait for the server to answer the connection probe.
            tls_cert_path: PEM CA or server certificate to trust; implies TLS.
            api_key: API key (``msco_…``); sent on every call.
            enable_tls: Use TLS with the system trust store when no certificate is given.
            tls_client_cert_path: PEM client certificate for mutual TLS (with the key).
            tls_client_key_path: PEM client private key for mutual TLS.
            tls_server_name: Name to verify the server certificate against.
            call_timeout: Deadline in seconds for each control call (``None``: none).
            stream_idle_timeout: Seconds a download or upload may wait on the server without
                progress (a batch read, written or acknowledged) before it raises
                ``DeadlineExceededError`` (``None``: wait for ever). Slow but moving
                streams are never cut: the clock restarts at every batch.
            retry: How read-only calls are retried when the server is unreachable
                (default ``RetryPolicy()``: 4 tries within about 1.5 s; never uploads,
                creates or deletes, never authentication errors).
            compression: ``GRPCCompressionAlgorithm.Gzip`` or ``GRPCCompression(alg, level)``:
                gzip of all the client sends (a level has no effect: warned; ``StreamGzip`` raises).
            ipc_compression: ``"zstd"``, ``"lz4"`` or ``IPCCompression(codec, level)``: Arrow IPC
                compression of uploads, and of downloads if the server honours the request.

        Raises:
            ConnectionError: (``MosaicoConnectionError``) unreachable server, refused key; the
                message starts with the official client's "Connection to Flight server at
                'host:port' failed on startup".
            ValueError: (``InvalidRequestError``) malformed key, bad arguments, no PEM data,
                an invalid or unsupported compression option.
            FileNotFoundError: a certificate file does not exist.
        """
        check_endpoint(host, port, timeout)
        tls = {"enable": enable_tls, "cert_path": tls_cert_path,
               "client_cert_path": tls_client_cert_path, "client_key_path": tls_client_key_path,
               "server_name": tls_server_name}
        container = flight_container(host, port, api_key=api_key, call_timeout=call_timeout,
                                     tls=tls, compression=compression,
                                     ipc_compression=ipc_compression, retry=retry,
                                     stream_idle_timeout=stream_idle_timeout)
        try:
            return cls._open(container, timeout)
        except MosaicoConnectionError as exc:  # same class, the official words in front
            exc.message = redact_secrets(f"Connection to Flight server at '{host}:{port}' "
                                         f"failed on startup: {exc.message}")
            exc.args = (exc.message,)
            raise

    @classmethod
    def from_env(cls, host: str, port: int, timeout: float = 5, **kwargs: Any) -> MosaicoClient:
        """Like :meth:`connect`, with the API key and TLS certificate from the environment.

        Reads ``MOSAICO_API_KEY`` and ``MOSAICO_TLS_CERT_FILE`` (the ``MOSAICOD_``
        spellings too). Explicit keyword arguments win over the environment.
        """
        for name, value in settings_from_env().items():
            kwargs.setdefault(name, value)
        return cls.connect(host, port, timeout, **kwargs)

    @classmethod
    def embedded(
        cls, engine: MemoryEngine | None = None, *, api_key: str | None = None
    ) -> MosaicoClient:
        """A client over an in-process engine: no server, same rules. For tests and demos.

        Args:
            engine: A :class:`~mosaicolabs.testing.MemoryEngine` to share; a new one if omitted.
            api_key: Key to act with when the engine enforces API keys.
        """
        return cls._open(ClientContainer.for_memory(engine, api_key), timeout=1)

    @classmethod
    def from_container(cls, container: ClientContainer, timeout: float = 5) -> MosaicoClient:
        """Wrap a container you built (``ClientContainer.for_memory``/``for_flight``,
        ``container_for``) and maybe overrode ports of (see docs/testing.md).

        Raises:
            InvalidRequestError: a required setting is missing (its name in ``resource``).
            MosaicoConnectionError: the server cannot be reached or refused us.
        """
        return cls._open(container, timeout)

    @classmethod
    def _open(cls, container: ClientContainer, timeout: float) -> MosaicoClient:
        return cls(container=open_container(container, timeout), sentinel=_SENTINEL)

    # -- lifecycle --------------------------------------------------------------------
    def _live(self) -> ClientContainer:
        """The container, while the client is open (its providers are typed)."""
        if self._closed:
            raise ClientClosedError("this MosaicoClient is closed")
        return self._container

    def _notifications(self) -> ManageNotifications:
        return self._live().manage_notifications()

    def _api_keys(self) -> ManageAPIKeys:
        return self._live().manage_api_keys()

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._closed

    def close(self) -> None:
        """Close cached handlers and the connection. Safe to call more than once."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        try:
            self._container.browse_catalog().close()
        finally:
            self._container.shutdown_resources()

    def __enter__(self) -> MosaicoClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_closed", True) is False:
            warnings.warn("MosaicoClient was never closed", ResourceWarning, stacklevel=2)
            try:
                self.close()
            except Exception:  # interpreter shutdown: best effort only
                pass

    # -- server -----------------------------------------------------------------------
    def version(self) -> str:
        """The server's version string."""
        return self._live().inspect_server().version()

    def info(self) -> ServerVersion:
        """Version and configuration of the server (from ``version`` on older servers)."""
        return self._live().inspect_server().info()

    # -- catalog ----------------------------------------------------------------------
    def list_sequences(self) -> list[str]:
        """Names of all sequences."""
        return self._live().browse_catalog().list_sequences()

    def sequence_handler(self, sequence_name: str) -> SequenceHandler | None:
        """Cached handler of a sequence, or ``None`` if it does not exist (surrounding
        slashes in names are dropped, as in the official client)."""
        return self._live().browse_catalog().sequence_handler(sequence_name)

    def topic_handler(self, sequence_name: str, topic_name: str) -> TopicHandler | None:
        """Cached handler of a topic, or ``None`` if it does not exist."""
        return self._live().browse_catalog().topic_handler(sequence_name, topic_name)

    def clear_sequence_handlers_cache(self) -> None:
        """Forget the cached sequence handlers."""
        self._live().browse_catalog().clear_sequence_handlers()

    def clear_topic_handlers_cache(self) -> None:
        """Forget the cached topic handlers."""
        self._live().browse_catalog().clear_topic_handlers()

    def sequence_create(
        self,
        sequence_name: str,
        metadata: dict[str, Any],
        on_error: SessionLevelErrorPolicy = SessionLevelErrorPolicy.Report,
        max_batch_size_bytes: int | None = None,
        max_batch_size_records: int | None = None,
    ) -> SequenceWriter:
        """A writer for a new sequence; use it as ``with client.sequence_create(...) as sw:``.

        Raises:
            InvalidNameError / InvalidRequestError: bad name, metadata or limits (at once).
            AlreadyExistsError: the sequence exists (on entering the ``with`` block).
        """
        limits = BatchLimits.from_options(max_batch_size_bytes, max_batch_size_records)
        ports = self._live().data_ports()
        return SequenceWriter(ports, sequence_name, metadata, on_error, limits)

    def sequence_delete(self, sequence_name: str) -> None:
        """Delete a sequence and everything in it (needs the Delete level)."""
        self._live().browse_catalog().delete_sequence(sequence_name)

    def session_delete(self, session_uuid: str) -> None:
        """Delete a session and its topics and data (needs the Delete level)."""
        self._live().browse_catalog().delete_session(session_uuid)

    # -- query ------------------------------------------------------------------------
    def query(self, *queries: QueryableProtocol, query: Query | None = None) -> QueryResponse:
        """Find sequences and topics: builders are joined with AND.

        Raises:
            ValueError: (``InvalidRequestError``) conflicting, duplicate or missing queries.
        """
        return self._live().run_query().run(*queries, query=query)

    # -- notifications ----------------------------------------------------------------
    def list_sequence_notifications(self, sequence_name: str) -> list[Notification]:
        """Error notifications of a sequence, oldest first."""
        return self._notifications().list_for_sequence(sequence_name)

    def clear_sequence_notifications(self, sequence_name: str) -> None:
        """Remove a sequence's notifications (needs the Delete level)."""
        self._notifications().clear_for_sequence(sequence_name)

    def list_topic_notifications(self, sequence_name: str, topic_name: str) -> list[Notification]:
        """Error notifications of a topic, oldest first."""
        return self._notifications().list_for_topic(sequence_name, topic_name)

    def clear_topic_notifications(self, sequence_name: str, topic_name: str) -> None:
        """Remove a topic's notifications (needs the Delete level)."""
        self._notifications().clear_for_topic(sequence_name, topic_name)

    # -- API keys ---------------------------------------------------------------------
    def api_key_create(
        self, permission: APIKeyPermissionEnum, description: str, expires_at_ns: int | None = None
    ) -> str:
        """Issue an API key (needs Manage); returns its token."""
        return self._api_keys().create(permission, description, expires_at_ns)

    def api_key_status(self, api_key_fingerprint: str | None = None) -> APIKeyStatus:
        """Status of a key (default: this client's key). Needs Manage."""
        return self._api_keys().status(api_key_fingerprint)

    def api_key_revoke(self, api_key_fingerprint: str) -> None:
        """Revoke a key by fingerprint (needs Manage)."""
        self._api_keys().revoke(api_key_fingerprint)

    @property
    def layers(self) -> ManageLayers:
        """Layers: ``create``, ``update``, ``delete``, ``list`` (an extra of ours)."""
        return self._live().manage_layers()

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<MosaicoClient backend={self._container.backend()} {state}>"
