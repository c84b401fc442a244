"""The guard's forwarding of one Flight call to the pyarrow backend, as raw bytes.

Each Flight method is relayed with the gRPC kind Flight.proto gives it, so gRPC on
the public side enforces the same shape (one request for a unary method) before any
byte reaches the backend. Messages are never decoded: a request is passed on as the
client sent it, a response as the backend sent it, one at a time.

What passes through besides the messages:

* headers, minus the ones of the hop (so the backend still sees the API key and the
  compression hint), and the backend's response headers and trailers;
* the deadline (what is left of it) and cancellation: a client that cancels, times
  out or disconnects cancels the backend call, so the backend sees what it would
  have seen directly (an upload cut short is discarded, never committed);
* backpressure: a response is read from the backend only once the previous one has
  been sent to the client (grpcio's server waits for each write), so a DoGet is
  never held in memory as a whole;
* failures, as plain gRPC statuses in mosaicod's words (:mod:`.guard_status`).
"""

from __future__ import annotations

import functools
import threading
from typing import Any, Callable, Iterator, NoReturn

import grpc

from .guard_status import clean_status, forwarded_metadata, kept_trailers

__all__ = ["FLIGHT_METHODS", "SERVICE", "forwarding_handler"]

#: The gRPC service every Flight method belongs to.
SERVICE = "arrow.flight.protocol.FlightService"
#: Flight.proto's methods and their kinds: (client streams?, server streams?).
FLIGHT_METHODS: dict[str, tuple[bool, bool]] = {
    "Handshake": (True, True),
    "ListFlights": (False, True),
    "GetFlightInfo": (False, False),
    "PollFlightInfo": (False, False),
    "GetSchema": (False, False),
    "DoGet": (False, True),
    "DoPut": (True, True),
    "DoExchange": (True, True),
    "DoAction": (False, True),
    "ListActions": (False, True),
}
# grpcio reports "no deadline" as a time remaining of many years.
_NO_DEADLINE_S = 10 * 365 * 86400.0


def _call_options(context: grpc.ServicerContext) -> dict[str, Any]:
    timeout = _backend_timeout(context.time_remaining())
    return {"metadata": forwarded_metadata(context.invocation_metadata()), "timeout": timeout}


def _backend_timeout(remaining: float | None) -> float | None:
    """The backend call's timeout for a client call with ``remaining`` seconds left.

    grpcio documents None for "no deadline" (its stubs say float, and current versions
    report many years instead): both mean no timeout.
    """
    return None if remaining is None or remaining > _NO_DEADLINE_S else remaining


def _on_termination(context: grpc.ServicerContext, cancel: Callable[[], Any]) -> None:
    """Cancel the backend call when the client's call ends first (cancelled, reset)."""
    if not context.add_callback(cancel):
        cancel()  # the client's call has already ended


def _send_headers(context: grpc.ServicerContext, call: Any) -> None:
    headers = forwarded_metadata(call.initial_metadata())
    if headers:
        context.send_initial_metadata(headers)


def _send_trailers(context: grpc.ServicerContext, call: Any) -> None:
    trailers = kept_trailers(call.trailing_metadata())
    if trailers:
        context.set_trailing_metadata(trailers)


def _fail(context: grpc.ServicerContext, error: grpc.RpcError) -> NoReturn:
    """Answer the client with the backend's failure, cleaned (raises, as abort does)."""
    status = clean_status(error)
    if status.trailers:
        context.set_trailing_metadata(status.trailers)
    context.abort(status.code, status.details)
    raise AssertionError("unreachable: abort raises")  # for type checkers


def _unary_unary(stub: Any, request: bytes, context: grpc.ServicerContext) -> bytes:
    future = stub.future(request, **_call_options(context))
    _on_termination(context, future.cancel)
    try:
        response: bytes = future.result()
    except grpc.FutureCancelledError:
        context.abort(grpc.StatusCode.CANCELLED, "call cancelled")
    except grpc.RpcError as error:
        _fail(context, error)
    _send_headers(context, future)
    _send_trailers(context, future)
    return response


def _unary_stream(stub: Any, request: bytes, context: grpc.ServicerContext) -> Iterator[bytes]:
    call = stub(request, **_call_options(context))
    _on_termination(context, call.cancel)
    try:
        _send_headers(context, call)
        yield from call
    except grpc.RpcError as error:
        _fail(context, error)
    _send_trailers(context, call)


class _Upload:
    """The client's request stream, relayed to the backend only if it ends cleanly.

    A stream cut short (client killed, call cancelled, a message over the size
    limit) must reach the backend as a cancellation: relayed as a normal end, the
    backend would take a partial upload for a complete one.
    """

    def __init__(self, source: Iterator[bytes], context: grpc.ServicerContext) -> None:
        self._source = source
        self._context = context
        self._call: Any = None
        self._started = threading.Event()

    def start(self, call: Any) -> None:
        """Hand over the backend call (``None`` if it failed to start), to cancel if need be."""
        self._call = call
        self._started.set()

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._source
            # gRPC reports a stream cut short as an end of stream first and as a
            # cancellation right after (both queued at once): grpcio may show us the
            # end before the cancellation. A second read is queued behind that
            # report, so it raises if the call was cancelled, and ends again if not.
            next(self._source, None)
            if self._context.is_active():
                return  # a clean end: the backend sees the client's half-close
        except grpc.RpcError:
            pass  # the client's call failed
        # Cancel before this generator ends: its end would half-close the backend call.
        self._started.wait()
        if self._call is not None:
            self._call.cancel()


def _stream_stream(
    stub: Any, requests: Iterator[bytes], context: grpc.ServicerContext
) -> Iterator[bytes]:
    upload = _Upload(requests, context)
    call: Any = None
    try:  # grpcio starts reading ``upload`` (in a thread of its own) before returning
        call = stub(iter(upload), **_call_options(context))
    finally:
        upload.start(call)
    _on_termination(context, call.cancel)
    try:
        _send_headers(context, call)
        yield from call
    except grpc.RpcError as error:
        _fail(context, error)
    _send_trailers(context, call)


def forwarding_handler(
    channel: grpc.Channel, method: str
) -> grpc.RpcMethodHandler[bytes, bytes]:
    """The handler relaying ``method`` (a key of :data:`FLIGHT_METHODS`) over ``channel``."""
    client_streams, server_streams = FLIGHT_METHODS[method]
    path = f"/{SERVICE}/{method}"
    if client_streams:
        stub = channel.stream_stream(path)
        return grpc.stream_stream_rpc_method_handler(functools.partial(_stream_stream, stub))
    if server_streams:
        stub = channel.unary_stream(path)
        return grpc.unary_stream_rpc_method_handler(functools.partial(_unary_stream, stub))
    stub = channel.unary_unary(path)
    return grpc.unary_unary_rpc_method_handler(functools.partial(_unary_unary, stub))
