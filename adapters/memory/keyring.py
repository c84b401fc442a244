"""API keys held by the engine: issuing, authenticating, authorizing, revoking.

Tokens are compared in full and in constant time (not just by fingerprint), and
no message produced here ever contains a token. Only a SHA-256 digest of each
token is kept, so neither memory dumps nor the data directory hold usable keys.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from dataclasses import asdict, dataclass
from typing import Any, Callable

from mosaicolabs.domain.api_keys import APIKey, APIKeyPermissionEnum, APIKeyStatus
from mosaicolabs.domain.errors import (
    AuthenticationError,
    InvalidAPIKeyError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
)
from mosaicolabs.domain.permissions import required_permission

__all__ = ["KeyRing"]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class _KeyRecord:
    fingerprint: str
    digest: str
    permission: APIKeyPermissionEnum
    description: str
    created_at_ns: int
    expires_at_ns: int | None

    def status(self) -> APIKeyStatus:
        return APIKeyStatus(
            api_key_fingerprint=self.fingerprint,
            description=self.description,
            created_at_ns=self.created_at_ns,
            expires_at_ns=self.expires_at_ns,
            permission=self.permission,
        )


def _key_record(exported: dict[str, Any]) -> _KeyRecord:
    """A record as :meth:`KeyRing.export` wrote it (the permission as its value)."""
    fields: dict[str, Any] = {**exported,
                              "permission": APIKeyPermissionEnum(exported["permission"])}
    return _KeyRecord(**fields)


class KeyRing:
    """The set of issued keys and the permission check for every operation.

    Args:
        clock: Returns the current time in ns (injected for tests).
        enforce: When False (the server's default), every caller may do anything.
    """

    def __init__(self, clock: Callable[[], int], *, enforce: bool = False,
                 on_change: Callable[[], None] | None = None) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: dict[str, _KeyRecord] = {}
        # Fingerprints of revoked keys: a revocation must outlast restarts and bootstraps.
        self._revoked: set[str] = set()
        # Issued keys whose save is under way: exported, not yet accepted.
        self._pending: dict[str, _KeyRecord] = {}
        self.enforce = enforce
        self._on_change = on_change or (lambda: None)

    def issue(
        self,
        permission: APIKeyPermissionEnum,
        description: str,
        expires_at_ns: int | None = None,
        *,
        token: str | None = None,
    ) -> str:
        """Register a new key (random unless ``token`` is given); returns the token."""
        # An expiry in the past is accepted, as by mosaicod 0.3.0: such a key is
        # simply refused from the start (where mosaicod would accept it: no expiry check).
        # Untyped callers may pass anything (pyright trusts the annotation).
        if not isinstance(permission, APIKeyPermissionEnum):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidRequestError(f"unknown permission {permission!r}")
        with self._lock:
            key = APIKey.parse(token) if token is not None else self._fresh_key()
            if key.fingerprint in self._keys or key.fingerprint in self._pending:
                raise InvalidRequestError(f"a key with fingerprint {key.fingerprint} exists")
            # Pending: saved with the others but not yet accepted, so a key is never
            # usable before it is durable (and a failed save leaves no trace of it).
            self._pending[key.fingerprint] = _KeyRecord(
                key.fingerprint, _digest(key.token), permission, str(description),
                self._clock(), expires_at_ns,
            )
        try:
            self._on_change()
        except BaseException:
            with self._lock:
                del self._pending[key.fingerprint]
            raise
        with self._lock:
            self._keys[key.fingerprint] = self._pending.pop(key.fingerprint)
        return key.token

    def bootstrap(self, token: str, description: str) -> bool:
        """Make sure the operator's first Manage key exists; idempotent across restarts.

        Returns:
            True if it was issued now; False if it already exists, or was revoked (a
            revocation lasts: the key stays refused).

        Raises:
            InvalidAPIKeyError: ``token`` is malformed.
            InvalidRequestError: another key already has this fingerprint.
        """
        key = APIKey.parse(token)
        with self._lock:
            if key.fingerprint in self._revoked:
                return False
            existing = self._keys.get(key.fingerprint)
        if existing is None:
            self.issue(APIKeyPermissionEnum.Manage, description, token=token)
            return True
        if not hmac.compare_digest(existing.digest, _digest(key.token)):
            raise InvalidRequestError(f"another key has fingerprint {key.fingerprint}")
        return False

    def has_manage_key(self) -> bool:
        """Whether any key (expired or not) can manage keys."""
        with self._lock:
            return any(r.permission is APIKeyPermissionEnum.Manage for r in self._keys.values())

    def _fresh_key(self) -> APIKey:
        while True:  # fingerprints are the public id: keep them unique
            key = APIKey.generate()
            if key.fingerprint not in self._keys and key.fingerprint not in self._pending:
                return key

    def status(self, fingerprint: str) -> APIKeyStatus:
        """Public facts about a key. Raises ``NotFoundError``."""
        with self._lock:
            record = self._keys.get(fingerprint)
        if record is None:
            raise NotFoundError(f"no API key with fingerprint {fingerprint}", resource=fingerprint)
        return record.status()

    def revoke(self, fingerprint: str) -> None:
        """Delete a key so it no longer authenticates. Raises ``NotFoundError``."""
        with self._lock:
            record = self._keys.pop(fingerprint, None)
            if record is None:
                raise NotFoundError(
                    f"no API key with fingerprint {fingerprint}", resource=fingerprint
                )
            self._revoked.add(fingerprint)  # refused at once: the safe side of a save
        try:
            self._on_change()
        except BaseException:
            with self._lock:  # not durable: the key is as valid as the disk says it is
                self._revoked.discard(fingerprint)
                self._keys[fingerprint] = record
            raise

    def authorize(self, token: str | None, operation: str) -> None:
        """Check that ``token`` may perform ``operation``.

        Raises:
            AuthenticationError: no token while keys are enforced.
            PermissionDeniedError: malformed, unknown, revoked or expired token, or
                a permission level below what the operation needs. (mosaicod 0.3.0
                does not check expiry; refusing an expired key is our deliberate choice.)
        """
        if not self.enforce:
            return
        record = self._authenticate(token)
        needed = required_permission(operation)
        if not record.permission.allows(needed):
            raise PermissionDeniedError(
                f"provided API key does not have {needed.value.upper()} permissions",
                action=operation,
            )

    def _authenticate(self, token: str | None) -> _KeyRecord:
        if not token:
            raise AuthenticationError("Missing API key in request header.")
        try:
            key = APIKey.parse(token)
        except InvalidAPIKeyError:
            raise PermissionDeniedError("malformed API key") from None
        with self._lock:
            record = self._keys.get(key.fingerprint)
        if record is None or not hmac.compare_digest(record.digest, _digest(token)):
            raise PermissionDeniedError("unknown or revoked API key")
        if record.expires_at_ns is not None and record.expires_at_ns <= self._clock():
            raise PermissionDeniedError("API key expired")
        return record

    def export(self) -> list[dict[str, Any]]:
        """Key records (digests, never tokens) for persistence."""
        with self._lock:
            records = [*self._keys.values(), *self._pending.values()]
            live = [{**asdict(r), "permission": r.permission.value} for r in records]
            return live + [{"fingerprint": fp, "revoked": True} for fp in sorted(self._revoked)]

    def restore(self, records: list[dict[str, Any]]) -> None:
        """Replace the key set (and the revocations) with exported records."""
        loaded = {r["fingerprint"]: _key_record(r) for r in records if not r.get("revoked")}
        revoked = {r["fingerprint"] for r in records if r.get("revoked")}
        with self._lock:
            self._keys = loaded
            self._revoked = revoked
