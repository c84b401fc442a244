"""Contract of the APIKeys and ServerInfo ports, and permission enforcement, on both backends."""

from __future__ import annotations

import pytest

from mosaicolabs.domain.api_keys import APIKey, APIKeyPermissionEnum
from mosaicolabs.domain.errors import (
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
)
from mosaicolabs.domain.timeutil import now_ns
from mosaicolabs.ports import APIKeys, ServerInfo

P = APIKeyPermissionEnum


def test_adapters_satisfy_the_ports(secured_ports):
    assert isinstance(secured_ports.api_keys, APIKeys)
    assert isinstance(secured_ports.server_info, ServerInfo)


def test_version_is_reported(ports):
    version = ports.server_info.version()
    assert version.version == "0.3.0" and (version.major, version.minor, version.patch) == (0, 3, 0)
    ports.server_info.wait_until_ready(2)


def test_created_key_is_well_formed_and_has_a_status(secured_ports):
    before = now_ns()
    token = secured_ports.api_keys.create(P.Write, "ingestion", None)
    key = APIKey.parse(token)
    assert any(c.isdigit() for c in key.payload) and any(c.isalpha() for c in key.payload)
    status = secured_ports.api_keys.status(key.fingerprint)
    assert status.api_key_fingerprint == key.fingerprint
    assert status.description == "ingestion"
    assert before - 10**9 <= status.created_at_ns <= now_ns() + 10**9
    assert status.expires_at_ns is None


def test_expiry_is_kept(secured_ports):
    expires = now_ns() + 3600 * 10**9
    token = secured_ports.api_keys.create(P.Read, "short-lived", expires)
    assert secured_ports.api_keys.status(APIKey.parse(token).fingerprint).expires_at_ns == expires


def test_expiry_in_the_past_is_accepted(secured_ports):
    # mosaicod 0.3.0 issues it; whether it then works differs (tests/fidelity).
    token = secured_ports.api_keys.create(P.Read, "stale", now_ns() - 10**9)
    status = secured_ports.api_keys.status(APIKey.parse(token).fingerprint)
    assert status.expires_at_ns is not None and status.expires_at_ns < now_ns()


def test_revoked_key_is_gone_and_refused(secured_ports):
    token = secured_ports.api_keys.create(P.Read, "temp", None)
    fingerprint = APIKey.parse(token).fingerprint
    secured_ports.api_keys.revoke(fingerprint)
    with pytest.raises(NotFoundError):
        secured_ports.api_keys.status(fingerprint)
    with pytest.raises(NotFoundError):
        secured_ports.api_keys.revoke(fingerprint)
    with pytest.raises(PermissionDeniedError):
        secured_ports.reconnect(token).catalog.list_sequences()


def test_missing_key_is_unauthenticated(secured_ports):
    with pytest.raises(AuthenticationError):
        secured_ports.reconnect(None).catalog.list_sequences()


@pytest.mark.parametrize("level", list(P))
def test_permission_levels_are_cumulative(secured_ports, level):
    acting = secured_ports.reconnect(secured_ports.api_keys.create(level, "l", None))
    # Any existing key will do for the Manage call: the server's bootstrap key differs.
    other = APIKey.parse(secured_ports.api_keys.create(P.Read, "other", None)).fingerprint
    calls = {
        P.Read: lambda: acting.catalog.list_sequences(),
        P.Write: lambda: acting.catalog.create_sequence(f"by_{level.value}", {}),
        P.Delete: lambda: acting.catalog.delete_sequence("victim"),
        P.Manage: lambda: acting.api_keys.status(other),
    }
    secured_ports.catalog.create_sequence("victim", {})
    for needed, call in calls.items():
        if level.allows(needed):
            call()
        else:
            with pytest.raises(PermissionDeniedError):
                call()
    # Denied calls left nothing behind.
    expected_victim = not level.allows(P.Delete)
    assert ("victim" in secured_ports.catalog.list_sequences()) is expected_victim
