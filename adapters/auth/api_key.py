"""Credentials from an API key: the ``mosaico-api-key-token`` header on every call."""

from __future__ import annotations

from typing import Mapping

from mosaicolabs.domain.api_keys import APIKey
from mosaicolabs.domain.vocabulary import API_KEY_HEADER

__all__ = ["API_KEY_HEADER", "APIKeyCredentials", "AnonymousCredentials", "credentials_for"]


class APIKeyCredentials:
    """Present an API key. The token is validated on construction.

    Raises:
        InvalidAPIKeyError: if ``token`` is not a well-formed key.
    """

    def __init__(self, token: str) -> None:
        self._key = APIKey.parse(token)
        self._headers = {API_KEY_HEADER: self._key.token}

    @property
    def fingerprint(self) -> str:
        return self._key.fingerprint

    @property
    def token(self) -> str:
        return self._key.token

    def headers(self) -> Mapping[str, str]:
        return self._headers

    def __repr__(self) -> str:
        return f"APIKeyCredentials(fingerprint={self.fingerprint!r})"


class AnonymousCredentials:
    """No credentials: for servers that do not enforce API keys."""

    fingerprint = None
    token = None

    def headers(self) -> Mapping[str, str]:
        return {}

    def __repr__(self) -> str:
        return "AnonymousCredentials()"


def credentials_for(api_key: str | None) -> APIKeyCredentials | AnonymousCredentials:
    """Credentials for an optional key string (``None`` or ``""`` means anonymous)."""
    return APIKeyCredentials(api_key) if api_key else AnonymousCredentials()
