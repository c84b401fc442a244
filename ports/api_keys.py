"""Port: API-key management."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from mosaicolabs.domain.api_keys import APIKeyPermissionEnum, APIKeyStatus

__all__ = ["APIKeys"]


@runtime_checkable
class APIKeys(Protocol):
    """Issue, inspect and revoke API keys (needs the Manage level)."""

    def create(
        self, permission: APIKeyPermissionEnum, description: str, expires_at_ns: int | None
    ) -> str:
        """Issue a key; returns the secret token (shown once)."""
        ...

    def status(self, fingerprint: str) -> APIKeyStatus:
        """Public facts about the key with that fingerprint."""
        ...

    def revoke(self, fingerprint: str) -> None:
        """Revoke the key; later calls with it are refused."""
        ...
