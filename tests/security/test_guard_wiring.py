"""When the guard is on; what ``port``, ``uri``, ``shutdown`` and the command line do with it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import grpc
import pytest

from mosaicolabs import MosaicoClient
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.mock_server import MockFlightServer, running_server
from mosaicolabs.mock_server.cli import build_parser
from mosaicolabs.mock_server.guard import DEFAULT_MAX_MESSAGE_BYTES
from tests.unit.test_raw_grpc_abuse import action

_LISTENING = re.compile(r"listening on grpc://127\.0\.0\.1:(\d+)\n")
_PATIENCE_S = 60.0


@pytest.mark.parametrize(("keys", "guard", "expected"), [
    (True, None, True), (False, None, False), (True, False, False), (False, True, True),
])
def test_the_guard_is_on_with_enforced_keys_unless_said_otherwise(keys, guard, expected):
    with running_server(MemoryEngine(enforce_api_keys=keys), guard=guard) as server:
        assert (server.guard is not None) is expected


def test_port_uri_and_shutdown_are_the_guards():
    server = MockFlightServer(MemoryEngine(), "grpc://127.0.0.1:0", guard=True)
    try:
        assert server.guard is not None
        assert server.port == server.guard.port
        assert server.uri == f"grpc://127.0.0.1:{server.guard.port}"
        with MosaicoClient.connect("127.0.0.1", server.port, timeout=_PATIENCE_S) as client:
            assert client.version() == "0.3.0"
        backend = server._backend
        assert backend is not None and backend._dir is not None
        assert os.path.isdir(backend._dir)
    finally:
        server.shutdown()
    assert not os.path.exists(backend._dir), "the backend's socket directory is left behind"
    with grpc.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        stub = channel.unary_stream("/arrow.flight.protocol.FlightService/ListActions")
        with pytest.raises(grpc.RpcError) as caught:
            list(stub(b"", timeout=5))
    assert caught.value.code() == grpc.StatusCode.UNAVAILABLE  # nobody listens any more


def test_the_backends_socket_is_private():
    with running_server(guard=True) as server:
        directory = server._backend._dir
        assert os.stat(directory).st_mode & 0o077 == 0  # only its owner may enter


def test_the_command_line_options():
    parser = build_parser()
    defaults = parser.parse_args([])
    assert defaults.guard is None and defaults.max_message_bytes == DEFAULT_MAX_MESSAGE_BYTES
    chosen = parser.parse_args(["--no-guard", "--max-message-bytes", "1024"])
    assert chosen.guard is False and chosen.max_message_bytes == 1024
    assert parser.parse_args(["--guard"]).guard is True
    for bad in ("0", "-5", "lots"):
        with pytest.raises(SystemExit):
            parser.parse_args(["--max-message-bytes", bad])


@pytest.fixture
def serve() -> Iterator:
    """Start ``python -m mosaicolabs.mock_server ARGS``; yields (port, guard line)."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> tuple[int, str]:
        cmd = [sys.executable, "-m", "mosaicolabs.mock_server", "--port", "0", *args]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        started.append(proc)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        while line.startswith("manage api key"):
            line = proc.stdout.readline()
        match = _LISTENING.fullmatch(line)
        assert match, line
        return int(match.group(1)), proc.stdout.readline()

    yield start
    for proc in started:
        proc.terminate()
        assert proc.wait(timeout=_PATIENCE_S) == 0


def test_serve_says_whether_the_guard_is_on_and_applies_its_limit(serve):
    port, guard_line = serve("--guard", "--max-message-bytes", "1048576")
    assert guard_line == "guard: on (max message 1048576 bytes)\n"
    options = [("grpc.max_send_message_length", -1)]
    with grpc.insecure_channel(f"127.0.0.1:{port}", options=options) as channel:
        stub = channel.unary_stream("/arrow.flight.protocol.FlightService/DoAction")
        with pytest.raises(grpc.RpcError) as caught:
            list(stub(action("version", b"{}" + b" " * (2 << 20)), timeout=_PATIENCE_S))
        assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert b"0.3.0" in list(stub(action("version", b"{}"), timeout=_PATIENCE_S))[0]
    _, off = serve("--api-keys", "--no-guard")
    assert off == "guard: off\n"
