"""A Mosaico server speaking Arrow Flight, over the in-process :class:`MemoryEngine`.

The server is thin on purpose: every rule lives in the engine (shared with the
in-memory backend), the wire layout in :mod:`.flight_info`, :mod:`.actions` and
:mod:`.streams`, and the error mapping (mosaicod 0.3.0's statuses and texts) in
:mod:`.errors`. Each handler does the same three things: read the caller's key,
authorize it (:func:`.auth.authorize`, before any body is read), delegate.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, Generator, Iterator
from urllib.parse import urlsplit

import pyarrow.flight as flight

from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.domain.vocabulary import FlightMethod

from . import actions, streams
from .auth import (
    MIDDLEWARE_KEY,
    APIKeyHeaderFactory,
    authorize,
    caller_header_names,
    caller_token,
)
from .compression import (
    IPC_MIDDLEWARE_KEY,
    IPCCompressionHintFactory,
    check_codec,
    response_write_options,
)
from .errors import UNIMPLEMENTED, UNSUPPORTED_DESCRIPTOR, WireError, wire_errors
from .flight_info import listing_info
from .guard import DEFAULT_MAX_MESSAGE_BYTES, BackendEndpoint, FlightGuard, listen_address
from .limits import DEFAULT_MAX_UPLOADS_PER_KEY, UploadSlots
from .recorder import CallRecord, CallRecorder, recording

__all__ = ["MockFlightServer", "running_server"]

_PLAIN_SCHEMES = ("grpc", "grpc+tcp")


def _location_with_scheme(location: str | flight.Location, tls: bool) -> str:
    uri = str(location) if isinstance(location, str) else location.uri.decode()
    scheme, sep, rest = uri.partition("://")
    # Certificates only make sense with a TLS scheme; upgrade the default plain one.
    if tls and sep and scheme in _PLAIN_SCHEMES:
        return f"grpc+tls://{rest}"
    return uri


# pyarrow ships no type information: its base classes are Any to the type checkers.
class MockFlightServer(flight.FlightServerBase):  # type: ignore[misc]
    """Flight server implementing protocol.md over a :class:`MemoryEngine`.

    It starts serving as soon as it is constructed (a pyarrow property); call
    :meth:`shutdown` to stop it, or use :func:`running_server`.

    Args:
        engine: The state to serve; a fresh engine without key enforcement if ``None``.
        location: Where to listen; port 0 picks a free port (see :attr:`port`).
        tls_certificates: ``[(cert_pem, key_pem)]`` pairs; enables TLS (``grpc+tls``).
        verify_client: Require client certificates signed by ``root_certificates``.
        root_certificates: PEM of the CAs trusted for client certificates.
        transcript: A :class:`~.recorder.CallRecorder` told of every call (or ``None``).
        ipc_compression: Compress every DoGet's IPC buffers with ``"zstd"`` or ``"lz4"``
            (a caller's ``mosaico-ipc-compression`` header overrides it). Compressed
            requests (gRPC gzip, IPC zstd/lz4) are always accepted.
        max_uploads_per_key: How many DoPut streams one API key (or, without keys, all
            callers together) may hold open at once; more are refused as UNAVAILABLE,
            so one caller cannot tie up every worker thread and buffer.
        guard: Put a :class:`~.guard.FlightGuard` in front (the public listener; the
            pyarrow server then listens where only the guard reaches it): API keys checked
            before any request body is read, a message size limit, statuses without
            tracebacks. ``None``: on exactly when the engine enforces API keys.
        max_message_bytes: Largest message the guard accepts (mosaicod's 50 MiB by
            default); larger ones get RESOURCE_EXHAUSTED. Without the guard, no limit.

    Raises:
        InvalidRequestError: an unknown ``ipc_compression`` codec.

    Attributes:
        engine: The served :class:`MemoryEngine` (inspect or seed it directly in tests).
        transcript: The recorder given as ``transcript``, or ``None``.
        guard: The :class:`~.guard.FlightGuard` in front, or ``None``.
    """

    def __init__(
        self,
        engine: MemoryEngine | None = None,
        location: str | flight.Location = "grpc://127.0.0.1:0",
        *,
        tls_certificates: list[Any] | None = None,
        verify_client: bool = False,
        root_certificates: bytes | None = None,
        transcript: CallRecorder | None = None,
        ipc_compression: str | None = None,
        max_uploads_per_key: int = DEFAULT_MAX_UPLOADS_PER_KEY,
        guard: bool | None = None,
        max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
    ) -> None:
        self.ipc_compression = check_codec(ipc_compression)
        self.engine = engine if engine is not None else MemoryEngine()
        self.transcript = transcript
        self.upload_slots = UploadSlots(max_uploads_per_key)
        self._uri = _location_with_scheme(location, bool(tls_certificates))
        self.guard: FlightGuard | None = None
        guarded = self.engine.keys.enforce if guard is None else bool(guard)
        self._backend = BackendEndpoint() if guarded else None
        tls: dict[str, Any] = {"tls_certificates": tls_certificates or None,
                               "verify_client": verify_client,
                               "root_certificates": root_certificates}
        try:
            super().__init__(
                self._uri if self._backend is None else self._backend.location,
                # Behind the guard, TLS ends at the guard: the backend hop is private.
                **({} if guarded else tls),
                middleware={
                    MIDDLEWARE_KEY: APIKeyHeaderFactory(
                        capture_header_names=transcript is not None),
                    IPC_MIDDLEWARE_KEY: IPCCompressionHintFactory(),
                },
            )
        except BaseException:
            if self._backend is not None:
                self._backend.remove()
            raise
        if self._backend is not None:
            try:
                self.guard = FlightGuard(self.engine, self._backend.target(super().port),
                                         listen_address(self._uri),
                                         max_message_bytes=max_message_bytes,
                                         transcript=self.transcript, **tls)
            except BaseException:
                self.shutdown()  # do not leave the backend listening
                raise

    @property
    def port(self) -> int:
        """The public port actually bound (useful after asking for port 0).

        With a guard, the guard's: the pyarrow server's own port is private.
        """
        if self.guard is not None:
            return self.guard.port
        own_port: int = super().port  # pyarrow's, untyped
        return own_port

    def shutdown(self) -> None:
        """Stop serving: the guard first (its open calls are cancelled), then the server."""
        if self.guard is not None:
            self.guard.stop()
        super().shutdown()
        if self._backend is not None:
            self._backend.remove()

    @property
    def uri(self) -> str:
        """A URI clients can connect to, e.g. ``grpc://127.0.0.1:53211``."""
        parts = urlsplit(self._uri)
        host = parts.hostname or "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"  # IPv6 literals need brackets in a URI
        return f"{parts.scheme}://{host}:{self.port}"

    def _record(
        self, context: flight.ServerCallContext, method: str, **request: Any
    ) -> AbstractContextManager[CallRecord | None]:
        """Record the call in the block (inside ``wire_errors``); a no-op when not recording.

        ``request`` holds the raw parts :meth:`.recorder.CallRecorder.start` takes.
        """
        if self.transcript is None:
            return nullcontext()
        return recording(self.transcript, method, caller_header_names(context), **request)

    # -- catalogue ------------------------------------------------------------------
    def list_flights(self, context: flight.ServerCallContext, criteria: bytes) -> Iterator[Any]:
        """One FlightInfo per sequence; also the official client's connection probe."""
        method = FlightMethod.ListFlights.name
        with wire_errors(method), self._record(context, method):
            authorize(self.engine, caller_token(context), method)
            if criteria not in (b"", b"/"):
                raise WireError(
                    UNSUPPORTED_DESCRIPTOR, "ListFlights: criteria must be empty or '/'"
                )
            infos = [listing_info(name) for name in self.engine.list_sequences()]
        return iter(infos)

    def get_flight_info(
        self, context: flight.ServerCallContext, descriptor: flight.FlightDescriptor
    ) -> flight.FlightInfo:
        """Describe a sequence or a topic named by a CMD JSON descriptor."""
        method = FlightMethod.GetFlightInfo.name
        with wire_errors(method), self._record(context, method, descriptor=descriptor):
            authorize(self.engine, caller_token(context), method)
            return streams.describe(self.engine, descriptor)

    # -- data -----------------------------------------------------------------------
    def do_put(
        self,
        context: flight.ServerCallContext,
        descriptor: flight.FlightDescriptor,
        reader: flight.MetadataRecordBatchReader,
        writer: flight.FlightMetadataWriter,
    ) -> None:
        """Receive a topic's single upload; the topic is locked when this returns."""
        method = FlightMethod.DoPut.name
        record = self._record(context, method, descriptor=descriptor, reader=reader)
        with wire_errors(method), record as draft:
            token = caller_token(context)
            authorize(self.engine, token, method)
            source = reader if draft is None else draft.reader
            with self.upload_slots.claim(token):
                streams.receive_upload(self.engine, descriptor, source, context.is_cancelled)

    def do_get(self, context: flight.ServerCallContext, ticket: flight.Ticket) -> Any:
        """Stream a topic's rows for a ticket from one of our endpoints."""
        method = FlightMethod.DoGet.name
        with wire_errors(method), self._record(context, method, ticket=ticket.ticket):
            authorize(self.engine, caller_token(context), method)
            options = response_write_options(context, self.ipc_compression)
            return streams.open_reader(self.engine, ticket.ticket, options)

    # -- actions --------------------------------------------------------------------
    def do_action(self, context: flight.ServerCallContext, action: flight.Action) -> list[Any]:
        """Run one action; the answer is a single ``{"action", "response"}`` Result."""
        # The body is copied out of gRPC's buffer only once the caller is authorized
        # (a transcript needs it first; recording is a test-only mode).
        raw = action.body
        body = raw.to_pybytes() if self.transcript is not None and raw is not None else None
        record = self._record(context, "DoAction", action=action.type, body=body)
        with wire_errors(action.type), record:
            result = actions.run_action(self.engine, caller_token(context), action.type, raw)
        return [flight.Result(result)]

    def list_actions(self, context: flight.ServerCallContext) -> list[tuple[str, str]]:
        """The supported action types, to any caller with a valid key when keys are enforced.

        mosaicod answers "unimplemented" (after authenticating); the list reveals no data
        and helps people exploring the mock, so it is kept.
        """
        method = FlightMethod.ListActions.name
        with wire_errors(method):
            authorize(self.engine, caller_token(context), method)
        return actions.action_descriptions()

    def get_schema(self, context: flight.ServerCallContext,
                   descriptor: flight.FlightDescriptor) -> Any:
        """Unimplemented, as on mosaicod; but the caller's key is checked first."""
        self._unimplemented(context, FlightMethod.GetSchema, "get_schema")

    def do_exchange(self, context: flight.ServerCallContext, descriptor: flight.FlightDescriptor,
                    reader: Any, writer: Any) -> None:
        """Unimplemented, as on mosaicod; but the caller's key is checked first."""
        self._unimplemented(context, FlightMethod.DoExchange, "do_exchange")

    def _unimplemented(self, context: flight.ServerCallContext, method: FlightMethod,
                       name: str) -> None:
        with wire_errors(method.name):
            authorize(self.engine, caller_token(context), method.name)
            raise WireError(UNIMPLEMENTED, f"{name} is currently unimplemented")


@contextmanager
def running_server(
    engine: MemoryEngine | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    transcript: CallRecorder | None = None,
    ipc_compression: str | None = None,
    **kwargs: Any,
) -> Generator[MockFlightServer, None, None]:
    """Run a :class:`MockFlightServer` for the duration of a ``with`` block.

    Args:
        engine: State to serve (a fresh one if ``None``).
        host: Interface to bind.
        port: Port to bind; 0 picks a free one (read it from ``server.port``).
        transcript: A recorder told of every received call (kept as ``server.transcript``).
        ipc_compression: Compress DoGet responses with ``"zstd"`` or ``"lz4"``.
        **kwargs: Other options of :class:`MockFlightServer` (TLS, ``guard``,
            ``max_message_bytes``, ``max_uploads_per_key``).

    Yields:
        The started server; it is shut down when the block exits.
    """
    bracketed = f"[{host}]" if ":" in host else host
    server = MockFlightServer(
        engine, f"grpc://{bracketed}:{port}", transcript=transcript,
        ipc_compression=ipc_compression, **kwargs,
    )
    try:
        yield server
    finally:
        server.shutdown()
