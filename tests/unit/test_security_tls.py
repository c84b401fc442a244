"""TLS one-way, custom CA, server name and mutual TLS with certificates made at test time.

Every failure must be typed (``TLSError``, a ``ConnectionError``) and fast: a TLS
problem does not heal by retrying, so connect must not wait out its timeout.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

import pytest
import trustme

from mosaicolabs import APIKeyPermissionEnum, MosaicoClient
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.errors import TLSError
from mosaicolabs.domain.status_codes import StatusCode
from mosaicolabs.mock_server import running_server

# "Fails at once, does not wait out its timeout": a retry loop on a TLS failure would
# spend all of TIMEOUT. FAST is about 100x a normal connect (~0.1 s) and 7x the slowest
# seen on a loaded CI machine (4.1 s), and still 4x below TIMEOUT. Speed is measured
# in bench/, not here.
TIMEOUT = 120.0  # seconds, given to connect
FAST = 30.0  # seconds
KEY = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """A CA, a server certificate for localhost, a client certificate, and a stranger CA."""
    folder = tmp_path_factory.mktemp("pki")
    ca, stranger = trustme.CA(), trustme.CA()
    server = ca.issue_cert("localhost")
    client = ca.issue_cert("robot-17.example")
    rogue = stranger.issue_cert("robot-17.example")
    files = {}
    for name, blob in {
        "ca": ca.cert_pem,
        "stranger_ca": stranger.cert_pem,
        "server_cert": server.cert_chain_pems[0],
        "server_key": server.private_key_pem,
        "client_cert": client.cert_chain_pems[0],
        "client_key": client.private_key_pem,
        "rogue_cert": rogue.cert_chain_pems[0],
        "rogue_key": rogue.private_key_pem,
    }.items():
        path = folder / f"{name}.pem"
        blob.write_to_path(str(path))
        files[name] = str(path)
    files["pair"] = [(server.cert_chain_pems[0].bytes(), server.private_key_pem.bytes())]
    files["ca_bytes"] = ca.cert_pem.bytes()
    return files


@contextmanager
def tls_server(pki, *, mutual=False, engine=None):
    options = {"tls_certificates": pki["pair"]}
    if mutual:
        options.update(verify_client=True, root_certificates=pki["ca_bytes"])
    with running_server(engine, **options) as server:
        yield server.port


def connect_fast(**kwargs):
    started = time.perf_counter()
    try:
        return MosaicoClient.connect(timeout=TIMEOUT, **kwargs)
    finally:
        assert time.perf_counter() - started < FAST, "connect waited instead of failing fast"


def test_custom_ca_one_way_tls_works(pki):
    with tls_server(pki) as port:
        with connect_fast(host="localhost", port=port, tls_cert_path=pki["ca"]) as client:
            assert client.version() == "0.3.0"
            assert client.list_sequences() == []


def test_server_certificate_itself_can_be_the_trust_anchor(pki):
    with tls_server(pki) as port:
        with connect_fast(host="localhost", port=port, tls_cert_path=pki["server_cert"]) as c:
            assert c.version() == "0.3.0"


def test_untrusted_ca_is_a_fast_tls_error(pki):
    with tls_server(pki) as port:
        with pytest.raises(TLSError, match="not trusted") as caught:
            connect_fast(host="localhost", port=port, tls_cert_path=pki["stranger_ca"])
    assert isinstance(caught.value, ConnectionError)
    assert caught.value.status_code is StatusCode.UNAVAILABLE  # as gRPC reported it


def test_system_roots_do_not_trust_a_private_ca(pki):
    with tls_server(pki) as port, pytest.raises(TLSError):
        connect_fast(host="localhost", port=port, enable_tls=True)


def test_hostname_mismatch_is_a_fast_tls_error_and_server_name_fixes_it(pki):
    with tls_server(pki) as port:
        with pytest.raises(TLSError, match="does not name this host"):
            connect_fast(host="127.0.0.1", port=port, tls_cert_path=pki["ca"])
        with connect_fast(
            host="127.0.0.1", port=port, tls_cert_path=pki["ca"], tls_server_name="localhost"
        ) as client:
            assert client.version() == "0.3.0"


def test_plain_client_against_a_tls_server_fails_fast(pki):
    with tls_server(pki) as port, pytest.raises(TLSError, match="expects TLS"):
        connect_fast(host="localhost", port=port)


def test_mutual_tls_accepts_a_client_certificate_from_the_ca(pki):
    with tls_server(pki, mutual=True) as port:
        with connect_fast(
            host="localhost",
            port=port,
            tls_cert_path=pki["ca"],
            tls_client_cert_path=pki["client_cert"],
            tls_client_key_path=pki["client_key"],
        ) as client:
            assert client.version() == "0.3.0"


@pytest.mark.parametrize(
    "identity", [None, ("rogue_cert", "rogue_key")], ids=["no-client-cert", "cert-from-another-ca"]
)
def test_mutual_tls_refuses_missing_or_foreign_client_certificates(pki, identity):
    extra = {}
    if identity:
        extra = {"tls_client_cert_path": pki[identity[0]], "tls_client_key_path": pki[identity[1]]}
    with tls_server(pki, mutual=True) as port, pytest.raises(TLSError):
        connect_fast(host="localhost", port=port, tls_cert_path=pki["ca"], **extra)


def test_client_cert_without_key_is_a_value_error(pki):
    with pytest.raises(ValueError, match="both"):
        MosaicoClient.connect("localhost", 1, tls_client_cert_path=pki["client_cert"])


def test_seed_security_example_over_tls_with_an_api_key(pki):
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(APIKeyPermissionEnum.Manage, "bootstrap", token=KEY)
    with tls_server(pki, engine=engine) as port:
        # seed 001, "Explicit Connection", against our server on localhost
        with MosaicoClient.connect(
            host="localhost",
            port=port,
            api_key=KEY,
            tls_cert_path=pki["ca"],
        ) as client:
            assert client.version() == "0.3.0"
            assert client.api_key_status().api_key_fingerprint == "f9010b9e"


@pytest.mark.parametrize("prefix", ["MOSAICO", "MOSAICOD"])
def test_from_env_reads_key_and_certificate(pki, monkeypatch, prefix):
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(APIKeyPermissionEnum.Read, "reader", token=KEY)
    monkeypatch.setenv(f"{prefix}_API_KEY", KEY)
    monkeypatch.setenv(f"{prefix}_TLS_CERT_FILE", pki["ca"])
    with tls_server(pki, engine=engine) as port:
        with MosaicoClient.from_env(host="localhost", port=port) as client:
            assert client.list_sequences() == []
