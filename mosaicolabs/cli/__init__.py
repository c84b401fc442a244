"""The ``mosaico`` command line.

Subcommands: ``serve`` (the mock server), ``version``, ``ls``, ``show``,
``query``, ``get``/``export``, ``put``/``import``, ``keys create|status|revoke``,
``notifications``, ``rm``, ``import-recording`` and ``export-recording`` (ROS bags
and MCAP files, :mod:`mosaicolabs.cli.recordings`). Connection options come from flags or from the
environment read by ``MosaicoClient.from_env`` (``MOSAICO_API_KEY``,
``MOSAICO_TLS_CERT_FILE``, also spelled ``MOSAICOD_…``), plus ``MOSAICO_HOST``
and ``MOSAICO_PORT``. Human tables by default, ``--json`` for scripts.

Exit codes: 0 ok, 1 error from the server or library, 2 usage error, 3 not
found, 4 connection or authentication/permission failure, 130 interrupted.
Errors print one line on stderr; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from importlib import import_module
from typing import Sequence

from .common import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, exit_code_for

__all__ = ["main"]


def _serve_arguments(argv: list[str]) -> list[str] | None:
    """The mock server's arguments when the command is ``serve`` (global flags may precede)."""
    position = 0
    while position < len(argv) and argv[position] in ("--debug", "--json"):
        position += 1
    if argv[position:position + 1] == ["serve"]:
        return argv[position + 1:]
    return None


def _parse(argv: list[str]) -> argparse.Namespace | int:
    """Parsed arguments, or the exit code argparse chose (``--help`` 0, bad usage 2)."""
    from .parser import build_parser

    try:
        return build_parser().parse_args(argv)
    except SystemExit as stop:  # return codes instead of exiting: main() is also a library call
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE


def _run(args: argparse.Namespace) -> int:
    """Import the module of the chosen command and run it."""
    module_name, function = args.handler.split(":")
    command = getattr(import_module(f"{__package__}.{module_name}"), function)
    return int(command(args) or EXIT_OK)


def _report(exc: BaseException) -> int:
    """One line on stderr, the documented exit code back."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else "(no message)"
    print(f"mosaico: error: {type(exc).__name__}: {message}", file=sys.stderr)
    return exit_code_for(exc)


def _silence_stdout() -> None:
    """After a broken pipe (``mosaico ls | head``), drop what is left instead of failing again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (captured): nothing to do
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``mosaico`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    serve_argv = _serve_arguments(argv)
    if serve_argv is not None:
        # The server has its own parser; the CLI is the one place allowed to reach it.
        from mosaicolabs.mock_server.cli import main as serve

        return serve(serve_argv)
    args = _parse(argv)
    if isinstance(args, int):
        return args
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("mosaico: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_ERROR
    except Exception as exc:  # one line for humans, the traceback on request
        if args.debug:
            traceback.print_exc()
        return _report(exc)

