"""A grpcio front for the mock server: key check before any body, a message size limit.

pyarrow's Flight server cannot do either: its gRPC server sets no receive limit (and
offers no option for one), and reads a unary request's whole body before any Python
code runs, so one unauthenticated 1 GiB DoAction costs it gigabytes before it says
PERMISSION_DENIED. It also attaches a Python traceback, with file paths, to most
statuses. The guard is the public listener; the pyarrow server listens privately
(:class:`BackendEndpoint`), and every Flight method is relayed to it as raw bytes
(:mod:`.guard_forward`). The guard:

* checks the ``mosaico-api-key-token`` header when the engine enforces keys, in a
  server interceptor, which runs before the request message is read; a refused
  call gets mosaicod's PERMISSION_DENIED and its body is never taken in;
* refuses a message over ``max_message_bytes`` (mosaicod's 50 MiB by default) with
  RESOURCE_EXHAUSTED, from gRPC itself, and keeps serving;
* sends failures as plain gRPC statuses in mosaicod's words (:mod:`.guard_status`);
* terminates TLS (and mutual TLS) when the server has certificates.

The permission *level* each call needs is still checked by the backend, which sees
the forwarded header: for DoAction it depends on the action, named in the body.
"""

# grpcio ships no type information, so to mypy its base classes are Any; pyright bundles
# stubs for grpcio, so a ``# type: ignore`` on the class lines would be unneeded to it.
# mypy: allow-subclassing-any

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterator, NoReturn, Sequence
from urllib.parse import urlsplit

import grpc

from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.domain.permissions import REQUIRED_PERMISSION
from mosaicolabs.domain.vocabulary import FlightMethod

from .auth import TOKEN_HEADER, authorize
from .errors import WireError, status_phrase, wire_message
from .guard_forward import FLIGHT_METHODS, SERVICE, forwarding_handler
from .limits import is_positive_int
from .recorder import RECORDED_METHODS, CallRecorder, call_header_names

__all__ = ["DEFAULT_MAX_MESSAGE_BYTES", "BackendEndpoint", "FlightGuard", "listen_address"]

#: mosaicod's default MOSAICOD_MAX_MESSAGE_SIZE_IN_BYTES (50 MiB).
DEFAULT_MAX_MESSAGE_BYTES = 50 * 1024 * 1024
# Threads relaying calls: each open call holds one (a DoPut also one of grpcio's), and
# calls beyond wait for one. Started only when needed; refused calls hold one briefly.
_WORKERS = 128
# Any valid key may list flights (Read, the lowest level): authorizing for it is
# authenticating, for methods whose level depends on the body (DoAction) or that the
# permission table does not name (Handshake, PollFlightInfo).
_AUTHENTICATE_ONLY = FlightMethod.ListFlights.name
# How long open calls may finish when the guard stops (pyarrow's own shutdown waits
# for them without end); then they are cancelled.
_STOP_GRACE_S = 1.0
_SERVER_OPTIONS = [
    ("grpc.max_send_message_length", -1),
    # Without it a second server could bind the same fixed port and share its calls,
    # where pyarrow's would fail: "port in use".
    ("grpc.so_reuseport", 0),
]
# The private hop: no limit (the public side has checked). Larger HTTP/2 frames, read
# chunks or lookahead windows made no measurable difference here (bench, 300 MB).
_BACKEND_OPTIONS = [
    ("grpc.max_receive_message_length", -1),
    ("grpc.max_send_message_length", -1),
]


class BackendEndpoint:
    """Where the guarded pyarrow server listens, reachable by the guard alone.

    A unix socket in a fresh directory only its owner can enter (mode 0700), where
    the platform has them: unlike a loopback port, no other local user can reach the
    backend around the guard (and it measured as fast). Elsewhere, a free loopback port.

    Attributes:
        location: The pyarrow location to serve on.
    """

    def __init__(self, unix: bool | None = None) -> None:
        use_unix = sys.platform != "win32" if unix is None else unix
        self._dir = tempfile.mkdtemp(prefix="mosaico-guard-") if use_unix else None
        if self._dir is not None:
            path = os.path.join(self._dir, "backend.sock")
            self.location = f"grpc+unix://{path}"
            self._target = f"unix:{path}"
        else:
            self.location = "grpc://127.0.0.1:0"
            self._target = ""

    def target(self, port: int) -> str:
        """The gRPC target for the server bound at :attr:`location` (``port`` if TCP)."""
        return self._target or f"127.0.0.1:{port}"

    def remove(self) -> None:
        """Delete the socket's directory (once the server has stopped)."""
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)


def listen_address(uri: str) -> str:
    """The ``host:port`` for a server URI such as ``grpc://[::1]:6726`` (port 0 if none)."""
    parts = urlsplit(uri)
    host = parts.hostname or "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal
    return f"{host}:{parts.port or 0}"


def _refusal(code: grpc.StatusCode, details: str) -> grpc.RpcMethodHandler[bytes, bytes]:
    """A handler that answers ``code`` without reading the request.

    It is a stream-request handler whatever the method's kind: grpcio reads a unary
    request in full before calling its handler, a request stream only on demand.
    """

    def refuse(requests: Iterator[bytes], context: grpc.ServicerContext) -> NoReturn:
        context.abort(code, details)
        raise AssertionError("unreachable: abort raises")  # for type checkers

    return grpc.stream_stream_rpc_method_handler(refuse)


class _KeyCheck(grpc.ServerInterceptor):
    """Authenticates each call from its headers before the call's handler reads anything.

    A refused call never reaches the backend, so it is recorded here (when the server
    records a transcript), with what is known before the body: method, header names
    and the refusal.
    """

    def __init__(self, engine: MemoryEngine, transcript: CallRecorder | None) -> None:
        self._engine = engine
        self._transcript = transcript

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler[Any, Any] | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any] | None:
        if not self._engine.keys.enforce:
            return continuation(handler_call_details)
        method = handler_call_details.method.rsplit("/", 1)[-1]
        operation = method if method in REQUIRED_PERMISSION else _AUTHENTICATE_ONLY
        metadata = tuple(handler_call_details.invocation_metadata or ())
        token = next((value for key, value in metadata if key == TOKEN_HEADER), None)
        if isinstance(token, bytes):
            token = token.decode("utf-8", "replace")
        try:
            authorize(self._engine, token or None, operation)
        except WireError as refused:
            if self._transcript is not None and method in RECORDED_METHODS:
                names = call_header_names(key for key, _ in metadata)
                self._transcript.start(method, names).finish(status_phrase(refused))
            # The same status and text the backend would send (it never sees the call).
            return _refusal(grpc.StatusCode.PERMISSION_DENIED,
                            wire_message(refused.answer, refused))
        return continuation(handler_call_details)


class _Relay(grpc.GenericRpcHandler):
    """Maps each Flight method to its forwarding handler; anything else is UNIMPLEMENTED."""

    def __init__(self, channel: grpc.Channel) -> None:
        self._handlers = {f"/{SERVICE}/{name}": forwarding_handler(channel, name)
                          for name in FLIGHT_METHODS}

    def service(
        self, handler_call_details: grpc.HandlerCallDetails
    ) -> grpc.RpcMethodHandler[bytes, bytes] | None:
        return self._handlers.get(handler_call_details.method)


def _server_credentials(
    tls_certificates: Sequence[Any], verify_client: bool, root_certificates: bytes | None
) -> grpc.ServerCredentials:
    """grpcio credentials from pyarrow's ``[(cert, key)]`` pairs (or ``CertKeyPair``)."""

    def as_bytes(pem: str | bytes) -> bytes:
        return pem.encode() if isinstance(pem, str) else pem

    pairs = []
    for pair in tls_certificates:
        cert, key = (pair.cert, pair.key) if hasattr(pair, "cert") else pair
        pairs.append((as_bytes(key), as_bytes(cert)))  # grpcio wants (key, chain)
    roots = as_bytes(root_certificates) if root_certificates is not None else None
    return grpc.ssl_server_credentials(
        pairs, root_certificates=roots, require_client_auth=verify_client
    )


class FlightGuard:
    """The public listener, relaying every Flight call to a private pyarrow server.

    It serves as soon as it is constructed; :meth:`stop` it.

    Args:
        engine: The served engine: whether keys are enforced and the keys themselves.
        backend: gRPC target of the pyarrow server (``127.0.0.1:<port>``, ``unix:<path>``).
        address: ``host:port`` to listen on (port 0 picks one: see :attr:`port`).
        max_message_bytes: Largest message accepted from a client.
        tls_certificates: ``[(cert_pem, key_pem)]``; serve TLS with them.
        verify_client: Require a client certificate signed by ``root_certificates``.
        root_certificates: PEM of the CAs trusted for client certificates.
        transcript: Where to record the calls the guard refuses (the backend records
            the others), if anywhere.

    Raises:
        ValueError: ``max_message_bytes`` is not a positive int.
        RuntimeError: ``address`` cannot be bound.

    Attributes:
        port: The port actually bound.
    """

    def __init__(
        self,
        engine: MemoryEngine,
        backend: str,
        address: str = "127.0.0.1:0",
        *,
        max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
        tls_certificates: Sequence[Any] | None = None,
        verify_client: bool = False,
        root_certificates: bytes | None = None,
        transcript: CallRecorder | None = None,
    ) -> None:
        if not is_positive_int(max_message_bytes):
            raise ValueError(f"max_message_bytes must be a positive int, "
                             f"not {max_message_bytes!r}")
        self.max_message_bytes = max_message_bytes
        self._stopped = threading.Event()
        self._channel = grpc.insecure_channel(backend, options=_BACKEND_OPTIONS)
        self._executor = ThreadPoolExecutor(_WORKERS, thread_name_prefix="mosaico-guard")
        self._server = grpc.server(
            self._executor,
            handlers=[_Relay(self._channel)],
            interceptors=[_KeyCheck(engine, transcript)],
            options=[("grpc.max_receive_message_length", max_message_bytes),
                     *_SERVER_OPTIONS],
        )
        try:
            if tls_certificates:
                credentials = _server_credentials(tls_certificates, verify_client,
                                                  root_certificates)
                self.port: int = self._server.add_secure_port(address, credentials)
            else:
                self.port = self._server.add_insecure_port(address)
            if not self.port:  # older grpcio reports a failed bind so, newer ones raise
                raise RuntimeError(f"the guard cannot listen on {address}")
        except BaseException:
            self._release()
            raise
        self._server.start()

    def stop(self, grace: float | None = _STOP_GRACE_S) -> None:
        """Stop listening, cancel the calls still open after ``grace`` seconds, free threads.

        Idempotent. Cancelled calls cancel their backend calls in turn. (With no grace,
        gRPC tells every connected client "Cancelling all calls", which pyarrow clients
        log even when they had none open.)
        """
        if self._stopped.is_set():
            return
        self._stopped.set()
        self._server.stop(grace).wait()
        self._release()

    def _release(self) -> None:
        self._channel.close()
        self._executor.shutdown(wait=True)

    def __repr__(self) -> str:
        return f"FlightGuard(port={self.port}, max_message_bytes={self.max_message_bytes})"

