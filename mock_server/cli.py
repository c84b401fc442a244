"""Command line: ``python -m mosaicolabs.mock_server --host 127.0.0.1 --port 6726``.

Prints ``listening on grpc://host:port`` once the server is up (scripts wait for
that line, and some parse it whole), then a ``guard: ...`` line saying whether the
guard (:mod:`.guard`) is in front, then serves until SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generator, Sequence

from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.adapters.memory.persistence_files import DataDirectoryError
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.domain.errors import InvalidRequestError

from .guard import DEFAULT_MAX_MESSAGE_BYTES
from .server import MockFlightServer

__all__ = ["BOOTSTRAP_KEY_ENV", "build_parser", "main"]

#: Environment variable that may hold the first Manage key (like ``--bootstrap-key``).
BOOTSTRAP_KEY_ENV = "MOSAICO_MOCK_BOOTSTRAP_KEY"

#: Signals that stop the server cleanly (exit status 0).
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the mock server command."""
    parser = argparse.ArgumentParser(
        prog="python -m mosaicolabs.mock_server",
        description="Mosaico mock server: Arrow Flight over an in-memory engine.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=6726, help="port; 0 picks a free one (6726)")
    parser.add_argument(
        "--api-keys", action="store_true", help="require an API key with enough permission"
    )
    parser.add_argument(
        "--bootstrap-key",
        metavar="TOKEN",
        help=f"first Manage key (else ${BOOTSTRAP_KEY_ENV}; else one is generated and printed)",
    )
    parser.add_argument("--tls-cert", type=Path, help="PEM certificate chain; enables TLS")
    parser.add_argument("--tls-key", type=Path, help="PEM private key for --tls-cert")
    parser.add_argument(
        "--tls-client-ca", type=Path, help="PEM CA bundle; require client certificates"
    )
    parser.add_argument(
        "--ipc-compression",
        choices=("zstd", "lz4"),
        help="compress every DoGet's Arrow IPC buffers (a client's mosaico-ipc-compression "
        "header overrides it); compressed requests are always accepted",
    )
    parser.add_argument(
        "--guard", action=argparse.BooleanOptionalAction, default=None,
        help="put the guard in front: API keys checked before any body is read, a message "
        "size limit, no tracebacks in statuses (default: on with --api-keys)",
    )
    parser.add_argument(
        "--max-message-bytes", type=_positive_int, default=DEFAULT_MAX_MESSAGE_BYTES,
        metavar="N", help=f"largest message the guard accepts ({DEFAULT_MAX_MESSAGE_BYTES})",
    )
    parser.add_argument(
        "--data-dir", type=Path,
        help="keep everything in this directory (survives restarts); default: memory only",
    )
    parser.add_argument("--log-level", default="WARNING", help="logging level (WARNING)")
    return parser


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive number of bytes, not {text}")
    return value


def _guard_line(server: MockFlightServer) -> str:
    if server.guard is None:
        return "guard: off"
    return f"guard: on (max message {server.guard.max_message_bytes} bytes)"


def _bootstrap(engine: MemoryEngine, args: argparse.Namespace) -> str | None:
    """Make sure a first Manage key exists; return it only if it was generated here.

    Idempotent across restarts on one ``--data-dir``: the bootstrap key is issued once
    (and stays revoked once revoked), and a key is generated only while no Manage key
    exists at all.
    """
    token = args.bootstrap_key or os.environ.get(BOOTSTRAP_KEY_ENV)
    if token:
        engine.keys.bootstrap(token, "bootstrap key")
        return None
    if args.api_keys and not engine.keys.has_manage_key():
        return engine.keys.issue(APIKeyPermissionEnum.Manage, "generated at start-up")
    return None


def _tls_options(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> dict[str, Any]:
    if args.tls_cert is None and args.tls_key is None:
        if args.tls_client_ca is not None:
            parser.error("--tls-client-ca needs --tls-cert and --tls-key")
        return {}
    if args.tls_cert is None or args.tls_key is None:
        parser.error("--tls-cert and --tls-key go together")
    options: dict[str, Any] = {
        "tls_certificates": [(args.tls_cert.read_bytes(), args.tls_key.read_bytes())]
    }
    if args.tls_client_ca is not None:
        options.update(verify_client=True, root_certificates=args.tls_client_ca.read_bytes())
    return options


@contextmanager
def _stop_signals() -> Generator[threading.Event, None, None]:
    """Turn SIGINT/SIGTERM into an event for the block; restore the previous handlers after.

    Entered before the server is built and before any line is printed: a script (or
    ``docker stop``) may signal the moment it reads "listening on", and a signal that
    arrives before the handlers would meet the default action (killed, not shut down).
    """
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in _STOP_SIGNALS}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _wait_for(stop: threading.Event) -> None:
    """Block until ``stop`` is set (a signal arrived, possibly already)."""
    # A timed wait keeps the main thread responsive to signals on every platform.
    while not stop.wait(0.5):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the mock server until SIGINT/SIGTERM.

    Args:
        argv: Arguments without the program name; ``sys.argv[1:]`` if ``None``.

    Returns:
        The process exit status (0 after a clean shutdown).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr)
    with _stop_signals() as stop:
        try:
            engine = MemoryEngine(enforce_api_keys=args.api_keys, data_dir=args.data_dir)
        except DataDirectoryError as exc:  # a damaged data directory: one line, no traceback
            parser.exit(1, f"{parser.prog}: {exc}\n")
        try:
            generated = _bootstrap(engine, args)
        except InvalidRequestError as exc:  # the message never contains the token
            parser.error(f"bad bootstrap key: {exc}")
        server = MockFlightServer(
            engine,
            _location(args.host, args.port),
            ipc_compression=args.ipc_compression,
            guard=args.guard,
            max_message_bytes=args.max_message_bytes,
            **_tls_options(parser, args),
        )
        try:
            if generated is not None:
                # Printed once, by design: it is the only way to learn the first key (§12.7).
                print(f"manage api key: {generated}", flush=True)
            print(f"listening on {server.uri}", flush=True)
            # A line of its own: scripts parse the one above whole (its port last).
            print(_guard_line(server), flush=True)
            _wait_for(stop)
        finally:
            server.shutdown()
    return 0


def _location(host: str, port: int) -> str:
    bracketed = f"[{host}]" if ":" in host else host
    return f"grpc://{bracketed}:{port}"
