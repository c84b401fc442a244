"""Connect-time errors of MosaicoClient.connect/from_env against real in-process servers."""

from __future__ import annotations

import socket
import time

import pytest

from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.client import MosaicoClient
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.domain.errors import (
    AuthenticationError,
    ConnectionRejectedError,
    InvalidAPIKeyError,
    InvalidRequestError,
    UnavailableError,
)
from mosaicolabs.mock_server import running_server
from mosaicolabs.testkit import Transcript

MANAGE_KEY = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"
UNKNOWN_KEY = "msco_vrfeceju4lqivysxgaseefa3tsxs0vrl_1b676530"  # well formed, never issued
SEED_KEY = "msco_vy9lqa7u4lr7w3vimhz5t8bvvc0xbmk2_9c94a86"  # 7-char fingerprint (docs example)
ENV_NAMES = (
    "MOSAICO_API_KEY",
    "MOSAICOD_API_KEY",
    "MOSAICO_TLS_CERT_FILE",
    "MOSAICOD_TLS_CERT_FILE",
)

MALFORMED_KEYS = [
    SEED_KEY,
    "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij",  # no fingerprint
    "mscx_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e",  # wrong header
    "msco_S3L8GCDWUADEGE3PKHOU0K0N2T5OMFIJ_f9010b9e",  # upper-case payload
    "msco_s3l8gcdwuadege3pkhou0k0n2t5omfi_f9010b9e",  # 31-char payload
    "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_F9010B9E",  # upper-case fingerprint
    "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_00000000",  # fingerprint does not match
    "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e_x",  # four parts
    " " + MANAGE_KEY,
]


@pytest.fixture
def dead_port() -> int:
    """A port on which nothing listens (bound once, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def secured_server():
    """Records every call it receives: "no retry loop" is counted, not timed."""
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(APIKeyPermissionEnum.Manage, "bootstrap", token=MANAGE_KEY)
    with running_server(engine, transcript=Transcript()) as server:
        yield server


def probes(server) -> list[str]:
    """Status of each connection probe (ListFlights) the server received."""
    return [call.status for call in server.transcript.of_kind("ListFlights")]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


def _payload(token: str) -> str:
    parts = token.split("_")
    return max(parts, key=len)


def test_unreachable_port_is_unavailable_within_timeout(dead_port):
    start = time.monotonic()
    with pytest.raises(UnavailableError) as info:
        MosaicoClient.connect("127.0.0.1", dead_port, timeout=0.5)
    # Loose on purpose (a loaded machine is slow): it only catches a timeout ignored.
    assert time.monotonic() - start < 30
    assert isinstance(info.value, ConnectionError)
    assert info.value.action == "connect"
    assert str(dead_port) in str(info.value)


@pytest.mark.parametrize("key", MALFORMED_KEYS)
def test_malformed_key_rejected_before_any_io(key):
    with running_server(transcript=Transcript()) as server:
        with pytest.raises(InvalidAPIKeyError) as info:
            MosaicoClient.connect("127.0.0.1", server.port, timeout=60, api_key=key)
        assert server.transcript is not None and server.transcript.calls == []  # nothing sent
    assert isinstance(info.value, ValueError)
    payload = _payload(key.strip())
    for text in (str(info.value), repr(info.value), repr(info.value.args)):
        assert payload not in text and payload.lower() not in text


def test_non_str_key_is_rejected(dead_port):
    with pytest.raises(InvalidAPIKeyError):
        MosaicoClient.connect("127.0.0.1", dead_port, api_key=12345)


def test_empty_tls_cert_path_is_value_error(dead_port):
    with pytest.raises(ValueError) as info:
        MosaicoClient.connect("127.0.0.1", dead_port, timeout=3, tls_cert_path="")
    assert isinstance(info.value, InvalidRequestError)


def test_missing_cert_file_is_file_not_found(dead_port, tmp_path):
    missing = tmp_path / "nope.pem"
    with pytest.raises(FileNotFoundError):
        MosaicoClient.connect("127.0.0.1", dead_port, timeout=3, tls_cert_path=str(missing))


def test_cert_file_without_pem_is_value_error(dead_port, tmp_path):
    bogus = tmp_path / "cert.pem"
    bogus.write_text("this is not a certificate\n")
    with pytest.raises(ValueError, match="PEM"):
        MosaicoClient.connect("127.0.0.1", dead_port, timeout=3, tls_cert_path=str(bogus))


def test_mutual_tls_needs_both_files(dead_port, tmp_path):
    cert = tmp_path / "client.pem"
    cert.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    with pytest.raises(ValueError):
        MosaicoClient.connect("127.0.0.1", dead_port, tls_client_cert_path=str(cert))


def test_keyless_client_on_enforcing_server_fails_fast(secured_server):
    with pytest.raises(AuthenticationError) as info:
        MosaicoClient.connect("127.0.0.1", secured_server.port, timeout=5)
    assert probes(secured_server) == ["unauthenticated"]  # rejected at once, no retry loop
    assert isinstance(info.value, ConnectionError)
    assert "Missing API key" in str(info.value)


def test_unknown_well_formed_key_is_rejected(secured_server):
    with pytest.raises(ConnectionRejectedError) as info:
        MosaicoClient.connect("127.0.0.1", secured_server.port, timeout=5, api_key=UNKNOWN_KEY)
    assert probes(secured_server) == ["permission denied"]  # rejected at once, no retry loop
    assert isinstance(info.value, ConnectionError)
    assert _payload(UNKNOWN_KEY) not in str(info.value)
    assert info.value.__cause__ is not None


def test_valid_key_connects(secured_server):
    with MosaicoClient.connect("127.0.0.1", secured_server.port, api_key=MANAGE_KEY) as client:
        assert client.version() == "0.3.0"
        assert client.api_key_status().api_key_fingerprint == "f9010b9e"


BAD_ARGS = [
    {"host": ""},
    {"host": None},
    {"host": 127001},
    {"port": 0},
    {"port": 65536},
    {"port": -1},
    {"port": "6726"},
    {"port": True},
    {"port": 6726.0},
    {"timeout": 0},
    {"timeout": -1},
    {"timeout": "5"},
    {"timeout": True},
    {"timeout": None},
]


@pytest.mark.parametrize("bad", BAD_ARGS, ids=[repr(b) for b in BAD_ARGS])
def test_bad_endpoint_arguments_are_value_errors(dead_port, bad):
    args = {"host": "127.0.0.1", "port": dead_port, "timeout": 3, **bad}
    with pytest.raises(ValueError) as info:
        MosaicoClient.connect(args["host"], args["port"], args["timeout"])
    assert isinstance(info.value, InvalidRequestError)


def test_nan_timeout_is_value_error(dead_port):
    with pytest.raises(ValueError):
        MosaicoClient.connect("127.0.0.1", dead_port, timeout=float("nan"))


@pytest.mark.parametrize("env_name", ["MOSAICO_API_KEY", "MOSAICOD_API_KEY"])
def test_from_env_reads_the_api_key(monkeypatch, dead_port, secured_server, env_name):
    monkeypatch.setenv(env_name, SEED_KEY)
    with pytest.raises(InvalidAPIKeyError):  # the malformed key came from the environment
        MosaicoClient.from_env("127.0.0.1", dead_port, timeout=3)
    monkeypatch.setenv(env_name, MANAGE_KEY)
    with MosaicoClient.from_env("127.0.0.1", secured_server.port) as client:
        assert client.api_key_status().api_key_fingerprint == "f9010b9e"


def test_from_env_without_key_is_anonymous(secured_server):
    with pytest.raises(AuthenticationError):
        MosaicoClient.from_env("127.0.0.1", secured_server.port, timeout=5)


def test_from_env_explicit_key_wins(monkeypatch, secured_server):
    monkeypatch.setenv("MOSAICO_API_KEY", SEED_KEY)
    port = secured_server.port
    with MosaicoClient.from_env("127.0.0.1", port, api_key=MANAGE_KEY) as client:
        assert client.list_sequences() == []


@pytest.mark.parametrize("env_name", ["MOSAICO_TLS_CERT_FILE", "MOSAICOD_TLS_CERT_FILE"])
def test_from_env_reads_the_tls_certificate(monkeypatch, dead_port, tmp_path, env_name):
    monkeypatch.setenv(env_name, str(tmp_path / "missing.pem"))
    with pytest.raises(FileNotFoundError):
        MosaicoClient.from_env("127.0.0.1", dead_port, timeout=3)
    bogus = tmp_path / "bogus.pem"
    bogus.write_text("no pem here")
    monkeypatch.setenv(env_name, str(bogus))
    with pytest.raises(ValueError, match="PEM"):
        MosaicoClient.from_env("127.0.0.1", dead_port, timeout=3)
