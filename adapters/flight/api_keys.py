"""API-key management port over Flight actions."""

from __future__ import annotations

from typing import Any

from mosaicolabs.domain.api_keys import APIKeyPermissionEnum, APIKeyStatus
from mosaicolabs.domain.vocabulary import Action

from .codec import require
from .connection import FlightConnection

__all__ = ["FlightAPIKeys"]


class FlightAPIKeys:
    """:class:`~mosaicolabs.ports.APIKeys` over the ``api_key_*`` actions."""

    def __init__(self, connection: FlightConnection) -> None:
        self._conn = connection

    def create(
        self, permission: APIKeyPermissionEnum, description: str, expires_at_ns: int | None
    ) -> str:
        body: dict[str, Any] = {
            "permissions": APIKeyPermissionEnum(permission).value,
            "description": description,
        }
        if expires_at_ns is not None:
            body["expires_at_ns"] = int(expires_at_ns)
        action = Action.api_key_create.name
        response = self._conn.action(action, body)
        return str(require(response, "api_key_token", str, action))

    def status(self, fingerprint: str) -> APIKeyStatus:
        action = Action.api_key_status.name
        response = self._conn.action(action, {"api_key_fingerprint": fingerprint}, fingerprint)
        fields = response if isinstance(response, dict) else {}
        expires = fields.get("expires_at_ns")
        if expires is not None:
            expires = require(response, "expires_at_ns", int, action)
        return APIKeyStatus(
            api_key_fingerprint=str(require(response, "api_key_fingerprint", str, action)),
            description=str(fields.get("description", "")),
            created_at_ns=int(require(response, "created_at_ns", int, action)),
            expires_at_ns=expires,
        )

    def revoke(self, fingerprint: str) -> None:
        body = {"api_key_fingerprint": fingerprint}
        self._conn.action(Action.api_key_revoke.name, body, fingerprint)
