"""Credential adapters: how a client proves who it is."""

from .api_key import API_KEY_HEADER, AnonymousCredentials, APIKeyCredentials, credentials_for

__all__ = ["API_KEY_HEADER", "APIKeyCredentials", "AnonymousCredentials", "credentials_for"]
