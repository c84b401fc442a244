"""Client middleware that attaches credential headers to every Flight call."""

from __future__ import annotations

from typing import Mapping

import pyarrow.flight as flight

from mosaicolabs.adapters.auth.api_key import APIKeyCredentials
from mosaicolabs.ports.credentials import Credentials

__all__ = [
    "HeadersMiddleware",
    "HeadersMiddlewareFactory",
    "MosaicoAuthMiddleware",
    "MosaicoAuthMiddlewareFactory",
]


class HeadersMiddleware(flight.ClientMiddleware):  # type: ignore[misc]  # pyarrow ships no types
    """Sends a fixed set of headers on one call."""

    def __init__(self, headers: Mapping[str, str]) -> None:
        super().__init__()
        self._headers = {k: [v] for k, v in headers.items()}

    def sending_headers(self) -> dict[str, list[str]]:
        """Headers for the outgoing call."""
        return self._headers

    def received_headers(self, headers: Mapping[str, list[str] | list[bytes]]) -> None:
        """Response headers are not used."""


class HeadersMiddlewareFactory(flight.ClientMiddlewareFactory):  # type: ignore[misc]  # pyarrow ships no types
    """Installs :class:`HeadersMiddleware` with the credentials' headers on every call."""

    def __init__(self, credentials: Credentials) -> None:
        super().__init__()
        self._headers = dict(credentials.headers())
        self._fingerprint = credentials.fingerprint

    def start_call(self, info: flight.CallInfo) -> HeadersMiddleware | None:
        """Called by pyarrow for every call (DoAction, GetFlightInfo, DoPut …)."""
        return HeadersMiddleware(self._headers) if self._headers else None


class MosaicoAuthMiddleware(HeadersMiddleware):
    """Adds the ``mosaico-api-key-token`` header to a Flight call.

    Args:
        api_key: The API key (validated; ``InvalidAPIKeyError`` if malformed).
    """

    def __init__(self, api_key: str) -> None:
        super().__init__(APIKeyCredentials(api_key).headers())


class MosaicoAuthMiddlewareFactory(HeadersMiddlewareFactory):
    """Creates a :class:`MosaicoAuthMiddleware` for every Flight call.

    Args:
        api_key: The API key (validated; ``InvalidAPIKeyError`` if malformed).
    """

    def __init__(self, api_key: str) -> None:
        super().__init__(APIKeyCredentials(api_key))

    @property
    def api_key_fingerprint(self) -> str:
        """The public fingerprint of the key (never the key itself)."""
        assert self._fingerprint is not None  # an API key always has one
        return self._fingerprint

    def __repr__(self) -> str:
        return f"MosaicoAuthMiddlewareFactory(api_key_fingerprint={self._fingerprint!r})"
