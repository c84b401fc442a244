"""One Flight client and the raw calls the port adapters build on.

Every call goes through :func:`translating`, so nothing above this module sees a
pyarrow exception. Control calls get a deadline; data streams do not (a long
upload is not a stall): they get an idle limit instead (:mod:`.watchdog`), which a
slow but moving stream never reaches.
"""

from __future__ import annotations

from typing import Any, Mapping

import pyarrow as pa
import pyarrow.flight as flight

from mosaicolabs.domain.errors import ClientClosedError
from mosaicolabs.domain.retry import NO_RETRY, RetryPolicy
from mosaicolabs.domain.vocabulary import IPC_COMPRESSION_HEADER, FlightMethod
from mosaicolabs.ports.channel_security import ChannelSecurity
from mosaicolabs.ports.compression import Compression
from mosaicolabs.ports.credentials import Credentials

from .bounded import WorkerPool
from .codec import decode_action_result, encode_json
from .errors import translating
from .middleware import HeadersMiddlewareFactory
from .probe import probe_until_ready
from .retry import IDEMPOTENT_ACTIONS, with_retries
from .watchdog import DEFAULT_STREAM_IDLE_TIMEOUT_S, StreamWatchdog, stall_error

__all__ = ["DEFAULT_RETRY", "IPC_COMPRESSION_HEADER", "FlightConnection"]

#: Idempotent calls retry up to 4 times over about 1.5 s when the server is unreachable.
DEFAULT_RETRY = RetryPolicy()


def _stream_options(compression: Compression) -> tuple[Any, Any]:
    """Call options for uploads (IPC codec) and downloads (codec hint header)."""
    codec = compression.ipc_codec
    if codec is None:
        return flight.FlightCallOptions(), flight.FlightCallOptions()
    level = compression.ipc_level
    write = pa.ipc.IpcWriteOptions(compression=codec if level is None else pa.Codec(codec, level))
    hint = [(IPC_COMPRESSION_HEADER.encode(), codec.encode())]
    return flight.FlightCallOptions(write_options=write), flight.FlightCallOptions(headers=hint)


def _cancel_late(reader: flight.FlightStreamReader) -> None:
    """A DoGet that opened after we gave up on it: release it on the server."""
    try:
        reader.cancel()
    except pa.ArrowException:  # nobody is left to tell
        pass


class FlightConnection:
    """A connected :class:`pyarrow.flight.FlightClient` with typed errors.

    Args:
        host: Server host name or address.
        port: Server port.
        security: Plain or TLS channel settings.
        credentials: Headers to send on every call.
        compression: gRPC channel compression options and the IPC codec of data
            streams (uploads are written with it; downloads ask for it with the
            ``mosaico-ipc-compression`` header, which servers may ignore).
        call_timeout_s: Deadline for control calls (``None``: no deadline).
        retry: How idempotent calls are retried when the server is unavailable.
        stream_idle_timeout_s: Seconds a DoGet or DoPut may wait on the server without
            progress (no batch read, written or acknowledged) before it raises
            ``DeadlineExceededError`` (``None``: wait for ever).
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        security: ChannelSecurity,
        credentials: Credentials,
        compression: Compression,
        call_timeout_s: float | None = 60.0,
        retry: RetryPolicy = DEFAULT_RETRY,
        stream_idle_timeout_s: float | None = DEFAULT_STREAM_IDLE_TIMEOUT_S,
    ) -> None:
        self.location = f"{security.scheme}://{host}:{int(port)}"
        tls: dict[str, Any] = {}
        if security.root_certificates is not None:
            tls["tls_root_certs"] = security.root_certificates
        if security.cert_chain is not None:
            tls["cert_chain"] = security.cert_chain
            tls["private_key"] = security.private_key
        if security.override_hostname is not None:
            tls["override_hostname"] = security.override_hostname
        with translating("connect", self.location):
            self._client = flight.FlightClient(
                self.location,
                middleware=[HeadersMiddlewareFactory(credentials)],
                generic_options=compression.grpc_channel_options(),
                **tls,
            )
        self._control = flight.FlightCallOptions(timeout=call_timeout_s)
        self._retry = retry
        self._put, self._get = _stream_options(compression)
        self.ipc_codec = compression.ipc_codec
        #: Cancels DoGet reads stuck on the server (its thread starts with the first read).
        self.watchdog = StreamWatchdog(stream_idle_timeout_s)
        #: Opens DoGets: pyarrow returns only once the schema arrived, and cannot be interrupted.
        self._openers = WorkerPool(stream_idle_timeout_s, "DoGet open")

    @property
    def stream_idle_timeout_s(self) -> float | None:
        """The idle limit of data streams, in seconds (``None``: none)."""
        return self.watchdog.idle_timeout_s

    def wait_until_ready(self, timeout_s: float) -> None:
        """Probe with ListFlights until the server answers.

        Authentication and TLS failures raise at once; only "nothing listening yet"
        is retried, until ``timeout_s``.
        """
        probe_until_ready(self._client, self.location, timeout_s,
                          flight.FlightCallOptions(timeout=max(timeout_s, 1.0)))

    def action(
        self, name: str, body: Mapping[str, Any], resource: str | None = None
    ) -> dict[str, Any] | str | None:
        """Run a DoAction and return its decoded ``response`` object (or ``None``).

        ``version`` and ``info`` may answer a bare string (see :func:`.decode_action_result`).

        Read-only actions are retried when the server is unavailable; actions that
        change state are not (a lost answer must not turn into a double create).
        """
        request = flight.Action(name, encode_json(body))

        def once() -> list[bytes]:
            with translating(name, resource):
                results = self._flight.do_action(request, options=self._control)
                return [r.body.to_pybytes() for r in results]

        policy = self._retry if name in IDEMPOTENT_ACTIONS else NO_RETRY
        return decode_action_result(name, with_retries(once, policy, name))

    def list_flights(self) -> list[flight.FlightInfo]:
        """The catalog's FlightInfos (retried when the server is unavailable)."""
        def once() -> list[flight.FlightInfo]:
            with translating("list_sequences"):
                return list(self._flight.list_flights(options=self._control))

        return with_retries(once, self._retry, "list_sequences")

    def flight_info(self, command: Mapping[str, Any], resource: str) -> flight.FlightInfo:
        """GetFlightInfo for a JSON command descriptor."""
        descriptor = flight.FlightDescriptor.for_command(encode_json(command))

        def once() -> flight.FlightInfo:
            with translating("get_flight_info", resource):
                return self._flight.get_flight_info(descriptor, options=self._control)

        return with_retries(once, self._retry, f"get_flight_info {resource}")

    def do_put(
        self, command: Mapping[str, Any], schema: pa.Schema, resource: str
    ) -> tuple[flight.FlightStreamWriter, flight.FlightMetadataReader]:
        """Open an upload stream for a JSON command descriptor."""
        descriptor = flight.FlightDescriptor.for_command(encode_json(command))
        with translating(FlightMethod.DoPut.name, resource):
            writer, reader = self._flight.do_put(descriptor, schema, options=self._put)
        return writer, reader

    def do_get(self, ticket: bytes, resource: str) -> flight.FlightStreamReader:
        """Open a download stream for a ticket (opening is retried; a broken stream is not).

        pyarrow's DoGet returns only once the schema has arrived, and nothing can
        interrupt it: it runs on a worker, waited for at most the stream idle limit.
        """
        limit = self.stream_idle_timeout_s

        def open_stream() -> flight.FlightStreamReader:
            with translating(FlightMethod.DoGet.name, resource):
                reader = self._flight.do_get(flight.Ticket(ticket), options=self._get)
                _ = reader.schema  # be sure the call reached the server, whatever the version
                return reader

        def once() -> flight.FlightStreamReader:
            return self._openers.call(
                open_stream,
                lambda: stall_error(FlightMethod.DoGet.name, resource, limit or 0.0,
                                    "the server sent no schema"),
                discard=_cancel_late)

        return with_retries(once, self._retry, f"DoGet {resource}")

    @property
    def _flight(self) -> flight.FlightClient:
        client = self._client
        if client is None:
            raise ClientClosedError(f"the connection to {self.location} is closed")
        return client

    def close(self) -> None:
        """Close the underlying client (idempotent)."""
        client, self._client = getattr(self, "_client", None), None
        if hasattr(self, "watchdog"):  # not when __init__ failed early
            self.watchdog.stop()
            self._openers.close()
        if client is not None:
            with translating("close", self.location):
                client.close()
