"""API-key failures at connect time: typed, and fast (no retry loop on auth errors).

"Not retried" is counted, not timed: the server records every call it receives, and a
refused key must cost exactly one connection probe (a malformed one, none at all).
"""

from __future__ import annotations

import time

import pytest

from mosaicolabs import APIKeyPermissionEnum, MosaicoClient
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKey
from mosaicolabs.domain.errors import (
    AuthenticationError,
    ConnectionRejectedError,
    InvalidAPIKeyError,
)
from mosaicolabs.mock_server import running_server
from mosaicolabs.testkit import Transcript

P = APIKeyPermissionEnum


class Clock:
    """A settable time source for key expiry."""

    def __init__(self) -> None:
        self.now = time.time_ns()

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def secured():
    clock = Clock()
    engine = MemoryEngine(enforce_api_keys=True, clock=clock)
    with running_server(engine, transcript=Transcript()) as server:
        yield engine, clock, server


def connect(server, key, *, probes=1):
    """Connect once; exactly ``probes`` calls (the ListFlights probe) must reach the server."""
    server.transcript.clear()
    try:
        return MosaicoClient.connect("127.0.0.1", server.port, timeout=10, api_key=key)
    finally:
        calls = [(c.method, c.status) for c in server.transcript]
        assert len(calls) == probes, f"auth failure was retried (or never asked): {calls}"


def test_missing_key_is_an_authentication_error(secured):
    _, _, server = secured
    with pytest.raises(AuthenticationError) as caught:
        connect(server, None)
    assert isinstance(caught.value, ConnectionError)


def test_expired_key_is_refused(secured):
    engine, clock, server = secured
    token = engine.keys.issue(P.Read, "short", expires_at_ns=clock.now + 10**9)
    connect(server, token).close()
    clock.now += 2 * 10**9
    with pytest.raises(ConnectionRejectedError, match="expired"):
        connect(server, token)


def test_revoked_and_unknown_keys_are_refused(secured):
    engine, _, server = secured
    token = engine.keys.issue(P.Manage, "gone")
    engine.keys.revoke(APIKey.parse(token).fingerprint)
    with pytest.raises(ConnectionRejectedError):
        connect(server, token)
    with pytest.raises(ConnectionRejectedError):
        connect(server, APIKey.generate().token)


def test_malformed_key_fails_before_any_io(secured):
    _, _, server = secured
    with pytest.raises(InvalidAPIKeyError):
        connect(server, "msco_vy9lqa7u4lr7w3vimhz5t8bvvc0xbmk2_9c94a86", probes=0)


def test_key_with_read_level_connects_and_reads(secured):
    engine, _, server = secured
    with connect(server, engine.keys.issue(P.Read, "reader")) as client:
        assert client.list_sequences() == []
