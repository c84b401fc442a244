"""The ``mosaico`` command line.

Subcommands so far: ``serve`` (the mock server), ``version`` and ``ls``.
Connection options come from flags or the environment used by
``MosaicoClient.from_env`` (``MOSAICO_API_KEY``, ``MOSAICO_TLS_CERT_FILE``).
Errors print one line and exit non-zero; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

__all__ = ["main"]

EXIT_ERROR = 1
EXIT_USAGE = 2


def _connection_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="localhost", help="server host (default localhost)")
    parser.add_argument("--port", type=int, default=6726, help="server port (default 6726)")
    parser.add_argument("--timeout", type=float, default=5, help="connect timeout, seconds")


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mosaico", description="Mosaico client tools.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="run the mock server (see `mosaico serve --help`)",
                   add_help=False)
    for name, text in (("version", "print the server version"), ("ls", "list sequences")):
        _connection_args(sub.add_parser(name, help=text))
    return parser


def _run_client_command(args: argparse.Namespace) -> int:
    from mosaicolabs.client import MosaicoClient

    with MosaicoClient.from_env(args.host, args.port, args.timeout) as client:
        if args.command == "version":
            print(client.version())
        else:
            for name in client.list_sequences():
                print(name)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``mosaico`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["serve"]:
        # The server has its own parser; the CLI is the one place allowed to reach it.
        from mosaicolabs.mock_server.cli import main as serve

        return serve(argv[1:])
    args = _build_parser().parse_args(argv)
    try:
        return _run_client_command(args)
    except Exception as exc:  # one line for humans, the traceback on request
        if args.debug:
            raise
        print(f"mosaico: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
