"""A loopback TCP proxy that counts the bytes going each way.

It measures what really crosses the wire (HTTP/2 frames, gRPC compression, IPC
buffers), so tests and the compression benchmark can compare options::

    with running_server() as server, ByteCountingProxy(server.port) as proxy:
        client = MosaicoClient.connect("127.0.0.1", proxy.port)
        ...
        print(proxy.upstream_bytes, proxy.downstream_bytes)

It listens on 127.0.0.1 only, forwards only to a loopback address, and is bounded:
at most ``max_connections`` client connections, two threads each.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import threading
from typing import Any

__all__ = ["ByteCountingProxy"]

_CHUNK = 256 * 1024


def _quietly(call: Any, *args: Any) -> None:
    """Run a socket/barrier call whose failure only means "already closed"."""
    try:
        call(*args)
    except (OSError, threading.BrokenBarrierError):
        pass


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ByteCountingProxy:
    """Forward ``127.0.0.1:<port>`` to a loopback server, counting bytes per direction.

    Args:
        target_port: Port of the server to forward to.
        target_host: A loopback address of that server.
        max_connections: Connections accepted before new ones are refused.

    Raises:
        ValueError: ``target_host`` is not a loopback address.

    Attributes:
        port: The port the proxy listens on (connect clients here).
        upstream_bytes: Bytes sent by clients to the server so far.
        downstream_bytes: Bytes sent by the server to clients so far.
    """

    def __init__(
        self, target_port: int, target_host: str = "127.0.0.1", max_connections: int = 32
    ) -> None:
        if not _is_loopback(target_host):
            raise ValueError(f"the proxy forwards to loopback only, got {target_host!r}")
        self._target = (target_host, int(target_port))
        self._max = max_connections
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._closed = False
        self.upstream_bytes = 0
        self.downstream_bytes = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._start(self._accept_loop)

    def _start(self, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True, name="byte-proxy")
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # listener closed
            with self._lock:
                refuse = self._closed or len(self._sockets) >= 2 * self._max
            if refuse:
                client.close()
                continue
            try:
                server = socket.create_connection(self._target, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            pair = [client, server]
            with self._lock:
                self._sockets += pair
                self._threads = [t for t in self._threads if t.is_alive()]
            done = threading.Barrier(2, action=functools.partial(self._forget, pair))
            self._start(self._pump, client, server, "upstream_bytes", done)
            self._start(self._pump, server, client, "downstream_bytes", done)

    def _pump(
        self, source: socket.socket, sink: socket.socket, counter: str, done: threading.Barrier
    ) -> None:
        """Copy one direction until EOF, counting each chunk before forwarding it."""
        try:
            while data := source.recv(_CHUNK):
                with self._lock:
                    setattr(self, counter, getattr(self, counter) + len(data))
                sink.sendall(data)
        except OSError:
            pass
        finally:
            _quietly(sink.shutdown, socket.SHUT_WR)
            _quietly(done.wait, 10)  # the second direction to finish closes the pair

    def _forget(self, pair: list[socket.socket]) -> None:
        with self._lock:
            self._sockets = [s for s in self._sockets if s not in pair]
        for sock in pair:
            sock.close()

    def counts(self) -> tuple[int, int]:
        """``(upstream_bytes, downstream_bytes)`` read together."""
        with self._lock:
            return self.upstream_bytes, self.downstream_bytes

    def close(self) -> None:
        """Stop listening, cut every connection and wait for the threads (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            sockets, self._sockets = self._sockets, []
        _quietly(self._listener.shutdown, socket.SHUT_RDWR)  # wakes the blocked accept()
        self._listener.close()
        for sock in sockets:
            _quietly(sock.shutdown, socket.SHUT_RDWR)
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout=5)
        for sock in sockets:
            sock.close()

    def __enter__(self) -> ByteCountingProxy:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
