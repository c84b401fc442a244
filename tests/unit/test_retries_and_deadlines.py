"""Retries only for idempotent calls on UNAVAILABLE; deadlines on a stalling server."""

from __future__ import annotations

import logging
import threading

import pytest

from mosaicolabs import APIKeyPermissionEnum, MosaicoClient, RetryPolicy
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKey
from mosaicolabs.domain.errors import (
    DeadlineExceededError,
    InvalidRequestError,
    PermissionDeniedError,
    UnavailableError,
)
from mosaicolabs.mock_server import MockFlightServer, running_server


def retries_logged(caplog) -> int:
    return sum("retrying" in r.getMessage() for r in caplog.records)


def test_policy_pauses_are_bounded_and_counted():
    policy = RetryPolicy(attempts=5, initial_backoff_s=0.1, max_backoff_s=0.3)
    pauses = list(policy.pauses())
    assert len(pauses) == 4
    assert all(0 <= p <= 0.3 for p in pauses)
    assert list(RetryPolicy(attempts=1).pauses()) == []
    with pytest.raises(InvalidRequestError):
        RetryPolicy(attempts=0)


def test_read_calls_ride_out_a_server_restart(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mosaicolabs.flight")
    first = MockFlightServer(MemoryEngine(data_dir=tmp_path))
    port = first.port
    first.engine.create_sequence("kept", {})
    # The retry budget must outlast the restart below (a 0.4 s timer, then a server
    # start: slow on a loaded machine) plus gRPC's reconnect backoff (about 1 s). With
    # full jitter, 8 tries paused 1.55 s in all on average and under 1 s a few times in
    # a hundred: a race. 30 tries pause about 7 s on average, under 3 s practically never.
    policy = RetryPolicy(attempts=30, initial_backoff_s=0.2, max_backoff_s=0.5)
    with MosaicoClient.connect("127.0.0.1", port, retry=policy) as client:
        first.shutdown()
        restarted: list[MockFlightServer] = []
        timer = threading.Timer(0.4, lambda: restarted.append(MockFlightServer(
            MemoryEngine(data_dir=tmp_path), f"grpc://127.0.0.1:{port}")))
        timer.start()
        try:
            assert client.list_sequences() == ["kept"]  # retried until the server was back
        finally:
            timer.join()
            for server in restarted:
                server.shutdown()
    assert retries_logged(caplog) >= 1


def test_writes_are_never_retried(caplog):
    caplog.set_level(logging.INFO, logger="mosaicolabs.flight")
    server = MockFlightServer()
    with MosaicoClient.connect("127.0.0.1", server.port) as client:
        server.shutdown()
        with pytest.raises(UnavailableError):
            client.sequence_delete("anything")
        with pytest.raises(UnavailableError):
            with client.sequence_create("new", {}):
                pass
    assert retries_logged(caplog) == 0  # counted, not timed: every retry is logged


def test_reads_give_up_after_the_policy(caplog):
    caplog.set_level(logging.INFO, logger="mosaicolabs.flight")
    server = MockFlightServer()
    policy = RetryPolicy(attempts=3, initial_backoff_s=0.01, max_backoff_s=0.02)
    with MosaicoClient.connect("127.0.0.1", server.port, retry=policy) as client:
        server.shutdown()
        with pytest.raises(UnavailableError):
            client.list_sequences()
    assert retries_logged(caplog) == 2


def test_authorization_failures_are_not_retried(caplog):
    caplog.set_level(logging.INFO, logger="mosaicolabs.flight")
    engine = MemoryEngine(enforce_api_keys=True)
    token = engine.keys.issue(APIKeyPermissionEnum.Read, "soon revoked")
    with running_server(engine) as server:
        with MosaicoClient.connect("127.0.0.1", server.port, api_key=token) as client:
            engine.keys.revoke(APIKey.parse(token).fingerprint)
            with pytest.raises(PermissionDeniedError):
                client.version()
    assert retries_logged(caplog) == 0


class StallingServer(MockFlightServer):
    """Answers the connection probe, then holds every action until released (or 120 s)."""

    STALL_S = 120.0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.release = threading.Event()

    def do_action(self, context, action):
        self.release.wait(self.STALL_S)
        return super().do_action(context, action)


def test_a_stalling_server_hits_the_call_deadline():
    server = StallingServer(location="grpc://127.0.0.1:0")
    try:
        with MosaicoClient.connect("127.0.0.1", server.port, call_timeout=1) as client:
            # The server answers only when released (after 120 s at most): a typed deadline
            # error can only come from the 1 s call deadline, so no clock is needed.
            with pytest.raises(DeadlineExceededError) as caught:
                client.version()
            assert isinstance(caught.value, TimeoutError)
            assert not server.release.is_set()
    finally:
        server.release.set()  # let the held handler finish, so shutdown does not wait
        server.shutdown()


def test_retry_must_be_a_policy():
    with pytest.raises(InvalidRequestError):
        MosaicoClient.connect("127.0.0.1", 1, retry=3)

