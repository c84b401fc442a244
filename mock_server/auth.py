"""Capture of the API-key header, and the check of the caller at the top of each handler.

The middleware only records the header; the decision is the engine's, taken by
:func:`authorize` at the top of each handler, before any request body is read.
The refusal carries mosaicod 0.3.0's status and text: PERMISSION_DENIED
``missing api key token in request`` without a key, PERMISSION_DENIED
``unauthorized`` for a malformed, unknown, revoked or expired key and for a key
below the permission the call needs. When the server
records a transcript, the middleware also keeps the request header *names*
(never their values) for the recorder (:mod:`.recorder`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

import pyarrow.flight as flight

from mosaicolabs.domain.errors import AuthenticationError, PermissionDeniedError
from mosaicolabs.domain.vocabulary import API_KEY_HEADER

from .errors import MISSING_KEY, UNAUTHORIZED, WireError
from .recorder import call_header_names

if TYPE_CHECKING:
    from mosaicolabs.adapters.memory.engine import MemoryEngine

__all__ = [
    "MIDDLEWARE_KEY",
    "TOKEN_HEADER",
    "APIKeyHeaderFactory",
    "authorize",
    "caller_header_names",
    "caller_token",
]

#: Header carrying the full API key on every call (protocol.md §2.1).
TOKEN_HEADER = API_KEY_HEADER
#: Name under which the middleware is registered with the server.
MIDDLEWARE_KEY = "mosaico-api-key"


# pyarrow ships no type information: its base classes are Any to the type checkers.
class _APIKeyHeader(flight.ServerMiddleware):  # type: ignore[misc]
    """Per-call holder of the presented token (``None`` when absent) and header names."""

    def __init__(self, token: str | None, header_names: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.token = token
        self.header_names = header_names

    def __repr__(self) -> str:
        # The token is a secret: never let it reach a log through a repr.
        return f"<_APIKeyHeader present={self.token is not None} names={self.header_names}>"


class APIKeyHeaderFactory(flight.ServerMiddlewareFactory):  # type: ignore[misc]
    """Middleware factory recording the ``mosaico-api-key-token`` header of each call.

    Args:
        capture_header_names: Also keep the request header names (for transcripts).
    """

    def __init__(self, capture_header_names: bool = False) -> None:
        super().__init__()
        self.capture_header_names = capture_header_names

    def start_call(self, info: Any, headers: Mapping[str, list[Any]]) -> _APIKeyHeader:
        """Record the first value of the header; pyarrow lowercases header names."""
        values = headers.get(TOKEN_HEADER) or []
        token = values[0] if values else None
        if isinstance(token, bytes):
            token = token.decode("utf-8", "replace")
        names = call_header_names(headers) if self.capture_header_names else ()
        return _APIKeyHeader(token or None, names)


def caller_token(context: flight.ServerCallContext) -> str | None:
    """The API key the caller sent, or ``None``."""
    middleware = context.get_middleware(MIDDLEWARE_KEY)
    return None if middleware is None else middleware.token


def caller_header_names(context: flight.ServerCallContext) -> tuple[str, ...]:
    """The request header names captured for this call (empty unless capturing)."""
    middleware = context.get_middleware(MIDDLEWARE_KEY)
    return () if middleware is None else middleware.header_names


def authorize(engine: MemoryEngine, token: str | None, operation: str) -> None:
    """Refuse the caller unless ``token`` may run ``operation``, as mosaicod answers it.

    Raises:
        WireError: PERMISSION_DENIED ``missing api key token in request`` or
            ``unauthorized``, followed by the engine's reason (never the token).
    """
    try:
        engine.authorize(token, operation)
    except AuthenticationError as exc:
        raise WireError(MISSING_KEY, exc.message) from None
    except PermissionDeniedError as exc:
        raise WireError(UNAUTHORIZED, exc.message) from None
