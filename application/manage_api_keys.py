"""Use-case: issue, inspect and revoke API keys."""

from __future__ import annotations

from mosaicolabs.domain.api_keys import APIKeyPermissionEnum, APIKeyStatus, validate_fingerprint
from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.ports.api_keys import APIKeys
from mosaicolabs.ports.credentials import Credentials

__all__ = ["ManageAPIKeys"]


class ManageAPIKeys:
    """API-key management with arguments checked before anything is sent."""

    def __init__(self, api_keys: APIKeys, credentials: Credentials) -> None:
        self._port = api_keys
        self._credentials = credentials

    def create(
        self,
        permission: APIKeyPermissionEnum,
        description: str,
        expires_at_ns: int | None = None,
    ) -> str:
        """Issue a key and return its token (store it: it is not shown again)."""
        # Checked at run time: untyped callers may pass a level's value or a wrong type.
        if not isinstance(permission, APIKeyPermissionEnum):  # pyright: ignore[reportUnnecessaryIsInstance]
            try:
                permission = APIKeyPermissionEnum(permission)
            except ValueError:
                raise InvalidRequestError(f"unknown permission {permission!r}") from None
        if not isinstance(description, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidRequestError("description must be a str")
        if expires_at_ns is not None and (
            isinstance(expires_at_ns, bool) or not isinstance(expires_at_ns, int)  # pyright: ignore[reportUnnecessaryIsInstance]
        ):
            raise InvalidRequestError("expires_at_ns must be an int (ns since the epoch) or None")
        return self._port.create(permission, description, expires_at_ns)

    def status(self, fingerprint: str | None = None) -> APIKeyStatus:
        """Status of a key; defaults to the key this client uses."""
        if fingerprint is None:
            fingerprint = self._credentials.fingerprint
            if fingerprint is None:
                raise InvalidRequestError(
                    "api_key_status needs a fingerprint: this client has no API key"
                )
        return self._port.status(validate_fingerprint(fingerprint))

    def revoke(self, fingerprint: str) -> None:
        """Revoke a key by fingerprint."""
        self._port.revoke(validate_fingerprint(fingerprint))
