"""API keys: the ``msco_<payload>_<fingerprint>`` token format and permission levels.

A token has three ``_``-separated parts: the fixed header ``msco``, a 32-character
payload of lowercase letters and digits, and a fingerprint: the CRC-32 of the
payload printed as 8 lowercase hex digits. The fingerprint is the public id of a
key; the token itself is a secret and is never shown in a ``repr`` or an error.
"""

from __future__ import annotations

import hmac
import re
import secrets
import string
import time
import zlib
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from .errors import InvalidAPIKeyError
from .timeutil import ns_to_datetime

__all__ = [
    "APIKey",
    "APIKeyPermissionEnum",
    "APIKeyStatus",
    "fingerprint_of",
    "validate_fingerprint",
]

_HEADER = "msco"
_PAYLOAD_LEN = 32
_PAYLOAD_RE = re.compile(r"[a-z0-9]{32}")
_FINGERPRINT_RE = re.compile(r"[0-9a-f]{8}")
_ALPHABET = string.ascii_lowercase + string.digits


class APIKeyPermissionEnum(Enum):
    """Cumulative permission levels: read ⊂ write ⊂ delete ⊂ manage.

    Attributes:
        Read: read-only access (list, describe, read data, query).
        Write: also create sequences, sessions and topics and upload data.
        Delete: also delete sequences, sessions, topics and notifications.
        Manage: also create, inspect and revoke API keys.
    """

    Read = "read"
    Write = "write"
    Delete = "delete"
    Manage = "manage"

    @property
    def level(self) -> int:
        """Rank of the permission (Read = 1 … Manage = 4)."""
        return _LEVELS[self]

    def allows(self, required: APIKeyPermissionEnum) -> bool:
        """Whether a key with this permission may do what ``required`` demands."""
        return self.level >= required.level


_LEVELS = {
    APIKeyPermissionEnum.Read: 1,
    APIKeyPermissionEnum.Write: 2,
    APIKeyPermissionEnum.Delete: 3,
    APIKeyPermissionEnum.Manage: 4,
}


def fingerprint_of(payload: str) -> str:
    """CRC-32 (IEEE) of the payload, as 8 lowercase hex digits."""
    return f"{zlib.crc32(payload.encode('ascii')) & 0xFFFFFFFF:08x}"


def validate_fingerprint(fingerprint: object) -> str:
    """Return ``fingerprint`` if it is 8 lowercase hex digits.

    Raises:
        InvalidAPIKeyError: otherwise.
    """
    if not isinstance(fingerprint, str) or not _FINGERPRINT_RE.fullmatch(fingerprint):
        # Do not echo the input: a full token passed by mistake is a secret.
        size = len(fingerprint) if isinstance(fingerprint, str) else None
        raise InvalidAPIKeyError(
            "invalid API-key fingerprint: expected 8 lowercase hex digits, got "
            + (f"{size} characters" if size is not None else type(fingerprint).__name__)
        )
    return fingerprint


@dataclass(frozen=True, repr=False)
class APIKey:
    """A parsed, well-formed API key. Its ``repr`` never shows the secret payload."""

    payload: str
    fingerprint: str

    @classmethod
    def parse(cls, token: object) -> APIKey:
        """Parse and check a token string.

        Raises:
            InvalidAPIKeyError: if the token is not ``msco_<32 [a-z0-9]>_<8 hex>`` or its
                fingerprint does not match the payload. The message never quotes the token.
        """
        if not isinstance(token, str):
            raise InvalidAPIKeyError(f"API key must be a str, not {type(token).__name__}")
        if token != token.strip():
            raise InvalidAPIKeyError("malformed API key: it has whitespace around it (a pasted "
                                     "newline or space?); remove it")
        if token != token.lower() and token.lower().startswith(f"{_HEADER}_"):
            raise InvalidAPIKeyError("malformed API key: it has capital letters, keys are all "
                                     "lowercase (was it changed by an editor or a shell?)")
        parts = token.split("_")
        if len(parts) != 3 or parts[0] != _HEADER:
            raise InvalidAPIKeyError(
                "malformed API key: expected 'msco_<payload>_<fingerprint>' "
                f"({len(parts)} '_'-separated parts found)"
            )
        _, payload, fingerprint = parts
        if not _PAYLOAD_RE.fullmatch(payload):
            raise InvalidAPIKeyError(
                f"malformed API key: the payload must be {_PAYLOAD_LEN} lowercase letters "
                f"and digits (got {len(payload)} characters)"
            )
        if not _FINGERPRINT_RE.fullmatch(fingerprint):
            raise InvalidAPIKeyError(
                "malformed API key: the fingerprint must be 8 lowercase hex digits "
                f"(got {len(fingerprint)} characters)"
            )
        if not hmac.compare_digest(fingerprint_of(payload), fingerprint):
            raise InvalidAPIKeyError(
                f"malformed API key ending in _{fingerprint}: the fingerprint does not "
                "match the payload (a typo?)"
            )
        return cls(payload=payload, fingerprint=fingerprint)

    @classmethod
    def generate(cls) -> APIKey:
        """Make a new random key whose payload has both letters and digits.

        Clients of the official package refuse all-letter or all-digit payloads,
        so such draws are retried.
        """
        while True:
            payload = "".join(secrets.choice(_ALPHABET) for _ in range(_PAYLOAD_LEN))
            if any(c.isdigit() for c in payload) and any(c.isalpha() for c in payload):
                return cls(payload=payload, fingerprint=fingerprint_of(payload))

    @property
    def token(self) -> str:
        """The secret token string to send to the server."""
        return f"{_HEADER}_{self.payload}_{self.fingerprint}"

    def matches(self, token: str) -> bool:
        """Compare a presented token with this key in constant time."""
        return hmac.compare_digest(self.token.encode(), token.encode("utf-8", "replace"))

    def __repr__(self) -> str:
        return f"APIKey(fingerprint={self.fingerprint!r}, token='msco_***_{self.fingerprint}')"

    __str__ = __repr__


@dataclass(frozen=True)
class APIKeyStatus:
    """Public facts about an API key (never the token).

    Attributes:
        api_key_fingerprint: The key's fingerprint.
        description: Free text given at creation.
        created_at_ns: Creation time, ns since the epoch.
        expires_at_ns: Expiry time, or ``None`` if the key never expires.
        permission: The key's level when the server reports it, else ``None``.
    """

    api_key_fingerprint: str
    description: str
    created_at_ns: int
    expires_at_ns: int | None = None
    permission: APIKeyPermissionEnum | None = None

    @property
    def created_datetime(self) -> datetime:
        """Creation time as an aware UTC datetime."""
        return ns_to_datetime(self.created_at_ns)

    @property
    def expires_datetime(self) -> datetime | None:
        """Expiry time as an aware UTC datetime, or ``None``."""
        return None if self.expires_at_ns is None else ns_to_datetime(self.expires_at_ns)

    @property
    def is_expired(self) -> bool:
        """Whether the key has expired by now (the local clock); see :meth:`expired_at`."""
        return self.expired_at(time.time_ns())

    def expired_at(self, now_ns: int) -> bool:
        """Whether the key has expired at ``now_ns`` (it is invalid from its expiry on)."""
        return self.expires_at_ns is not None and self.expires_at_ns <= now_ns
