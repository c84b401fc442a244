"""Shared pieces of the ``mosaico`` command: exit codes, CLI errors, opening a client.

Nothing here imports the client at module level: ``mosaico --help`` must stay
instant, so the client (and with it pyarrow and grpc) loads only when a command
actually talks to a server.
"""

from __future__ import annotations

import argparse
import os
import re
from datetime import datetime, timezone
from typing import Any

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "EXIT_CONNECTION",
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_USAGE",
    "UsageError",
    "env_default",
    "exit_code_for",
    "open_client",
    "parse_json_object",
    "parse_time",
    "require_sequence",
    "require_topic",
]

EXIT_OK = 0
EXIT_ERROR = 1  # the server or the library refused or failed
EXIT_USAGE = 2  # same code argparse uses for bad flags
EXIT_NOT_FOUND = 3
EXIT_CONNECTION = 4  # unreachable server, TLS or authentication/permission failure
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C

DEFAULT_HOST = "localhost"
DEFAULT_PORT = 6726


class UsageError(Exception):
    """A flag value that parsed but makes no sense (exit code 2)."""


def exit_code_for(exc: BaseException) -> int:
    """The documented exit code for an exception raised by a command."""
    from mosaicolabs.domain.errors import (
        InvalidAPIKeyError,
        NotFoundError,
        PermissionDeniedError,
    )

    if isinstance(exc, UsageError):
        return EXIT_USAGE
    if isinstance(exc, NotFoundError):
        return EXIT_NOT_FOUND
    # A malformed key is an authentication problem for the user, even though the
    # library raises it (as a ValueError) before any connection is attempted.
    if isinstance(exc, (ConnectionError, PermissionDeniedError, InvalidAPIKeyError)):
        return EXIT_CONNECTION
    return EXIT_ERROR


def env_default(names: tuple[str, ...], fallback: Any) -> Any:
    """First non-empty environment variable of ``names``, else ``fallback``."""
    return next((os.environ[n] for n in names if os.environ.get(n)), fallback)


def open_client(args: argparse.Namespace) -> Any:
    """Connect with the connection flags; unset flags fall back to ``from_env``.

    Only flags the user gave are passed on, because ``MosaicoClient.from_env``
    lets explicit keyword arguments (even ``None``) win over the environment.
    """
    from mosaicolabs.client import MosaicoClient

    options: dict[str, Any] = {"enable_tls": args.enable_tls}
    for flag, keyword in (("api_key", "api_key"), ("tls_cert", "tls_cert_path"),
                          ("tls_client_cert", "tls_client_cert_path"),
                          ("tls_client_key", "tls_client_key_path"),
                          ("tls_server_name", "tls_server_name")):
        value = getattr(args, flag, None)
        if value:
            options[keyword] = value
    return MosaicoClient.from_env(args.host, args.port, args.timeout, **options)


def require_sequence(client: Any, name: str) -> Any:
    """The handler of sequence ``name``.

    Raises:
        NotFoundError: the sequence does not exist (exit code 3).
    """
    from mosaicolabs.domain.errors import NotFoundError

    handler = client.sequence_handler(name)
    if handler is None:
        raise NotFoundError(f"sequence '{name}' does not exist", resource=name)
    return handler


def require_topic(client: Any, sequence: str, topic: str) -> Any:
    """The handler of ``topic`` in ``sequence``, naming which of the two is missing."""
    from mosaicolabs.domain.errors import NotFoundError

    require_sequence(client, sequence)
    handler = client.topic_handler(sequence, topic)
    if handler is None:
        raise NotFoundError(f"sequence '{sequence}' has no topic '{topic}'", resource=topic)
    return handler


def parse_time(text: str | None) -> int | None:
    """A ``--start``/``--end`` value: integer nanoseconds, or an ISO 8601 date-time (UTC if naive).

    Raises:
        UsageError: neither form.
    """
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    # datetime keeps microseconds only: take the fraction apart to keep nanoseconds.
    fraction = re.search(r"(?<=\d\d:\d\d:\d\d)\.(\d{1,9})(?!\d)", text)
    nanos = int(fraction.group(1).ljust(9, "0")) if fraction else 0
    if fraction:
        text = text[:fraction.start()] + text[fraction.end():]
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"not a time: {text!r} (nanoseconds or ISO 8601)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    delta = moment - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000_000 + nanos


def parse_json_object(text: str | None, flag: str) -> dict[str, Any]:
    """A JSON object given on the command line (``{}`` when the flag is absent).

    Raises:
        UsageError: not JSON, or JSON that is not an object.
    """
    import json

    if text is None:
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"{flag}: not valid JSON ({exc})") from None
    if not isinstance(value, dict):
        raise UsageError(f"{flag}: expected a JSON object, got {type(value).__name__}")
    return value
